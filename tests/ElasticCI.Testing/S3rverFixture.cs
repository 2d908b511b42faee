using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ElasticCI.Secrets;

namespace ElasticCI.Testing;

/// <summary>A real S3-compatible server (npm s3rver 3.7.1) on a free loopback port, with the bucket "secrets".</summary>
/// <remarks>Installs s3rver into ELASTICCI_S3RVER_DIR (default artifacts/tools/s3rver) once when missing.</remarks>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "secrets";
    public const string Credential = "S3RVER";
    private const string Version = "3.7.1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _output = new();
    private Process? _process;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("elasticci-s3rver-").FullName;

    public string ServiceUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var installDirectory = Environment.GetEnvironmentVariable("ELASTICCI_S3RVER_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryFiles.Root, "artifacts", "tools", "s3rver");
        var script = Path.Combine(installDirectory, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            await InstallAsync(installDirectory);
        }

        var port = FreePort();
        ServiceUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            script, "-d", DataDirectory, "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "--configure-bucket", Bucket,
        })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilServingAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal S3SecretStore CreateStore(byte[]? clientSideEncryptionKey = null) => CreateStore(Bucket, clientSideEncryptionKey);

    /// <summary>Creates an empty bucket named <paramref name="name"/> (3-63 lower-case letters and digits), for a test that needs a store of its own.</summary>
    public async Task CreateBucketAsync(string name)
    {
        // s3rver does not check signatures, so a plain PUT creates the bucket.
        using var http = new HttpClient();
        using var response = await http.PutAsync(new Uri($"{ServiceUrl}/{name}"), null);
        response.EnsureSuccessStatusCode();
    }

    internal S3SecretStore CreateStore(string bucket, byte[]? clientSideEncryptionKey = null) => new(new S3SecretStoreOptions
    {
        Bucket = bucket,
        Region = "us-east-1",
        ServiceUrl = ServiceUrl,
        ForcePathStyle = true,
        AccessKeyId = Credential,
        SecretAccessKey = Credential,
        ClientSideEncryptionKey = clientSideEncryptionKey,
    });

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using var store = CreateStore();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await store.ListAsync("", CancellationToken.None);
                return;
            }
            catch (SecretStoreUnavailableException) when (deadline.Elapsed < StartTimeout && _process is { HasExited: false })
            {
                await Task.Delay(200);
            }
            catch (SecretStoreUnavailableException ex)
            {
                string output;
                lock (_output)
                {
                    output = _output.ToString();
                }
                throw new InvalidOperationException($"s3rver did not start serving at {ServiceUrl}. Output:\n{output}", ex);
            }
        }
    }

    // Several test runs may share the install directory; a lock file serialises the one-time install.
    private static async Task InstallAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        using var gate = await AcquireLockAsync(Path.Combine(directory, ".install.lock"));
        if (File.Exists(Path.Combine(directory, "node_modules", "s3rver", "bin", "s3rver.js")))
        {
            return;
        }
        var start = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "install", "--no-audit", "--no-fund", "--prefix", directory, $"s3rver@{Version}" })
        {
            start.ArgumentList.Add(argument);
        }
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("could not start npm");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm install s3rver@{Version} failed ({npm.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (deadline.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(250);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
