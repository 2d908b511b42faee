using System.Diagnostics;
using System.Text;
using ElasticCI.Client;

namespace ElasticCI.EndToEnd.Cluster;

/// <summary>One real <c>elastic-ci server --store postgres://...</c> process with its own data directory, keeping what it prints.</summary>
internal sealed class ClusterReplica : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private ClusterReplica(string id, string directory, int port, Process process)
    {
        Id = id;
        Directory = directory;
        Url = $"http://127.0.0.1:{port}";
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri(Url + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Id { get; }

    public string Directory { get; }

    public string Url { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public bool HasExited => _process.HasExited;

    /// <summary><c>ELASTIC_CI_SERVER</c> and <c>ELASTIC_CI_DATA_DIR</c> for CLI commands against this replica.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["ELASTIC_CI_SERVER"] = Url,
        ["ELASTIC_CI_DATA_DIR"] = DataDirectory,
    };

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The user API of this replica, authenticated with the API token from its own data directory.</summary>
    public CoordinatorClient Client => new(_http, File.ReadAllText(Path.Combine(DataDirectory, "api-token")).Trim());

    /// <summary>Starts the replica (<c>--replica-id <paramref name="id"/></c>) under <paramref name="root"/>/<paramref name="id"/> and waits until it listens.</summary>
    public static async Task<ClusterReplica> StartAsync(string root, string id, string store, params string[] extraArgs)
    {
        var directory = Path.Combine(root, id);
        System.IO.Directory.CreateDirectory(directory);
        var port = Cli.FreePort();
        var start = Cli.StartInfo(directory, ["server", "--data-dir", "data", "--listen", $"127.0.0.1:{port}", "--store", store, "--replica-id", id, .. extraArgs]);
        var replica = new ClusterReplica(id, directory, port, Process.Start(start)!);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Keep(string? line)
        {
            lock (replica._output)
            {
                replica._output.AppendLine(line);
            }
            if (line?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        }
        replica._process.OutputDataReceived += (_, e) => Keep(e.Data);
        replica._process.ErrorDataReceived += (_, e) => Keep(e.Data);
        replica._process.BeginOutputReadLine();
        replica._process.BeginErrorReadLine();
        replica._process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"replica {id} exited before listening:\n{replica.Output}"));
        replica._process.EnableRaisingEvents = true;
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
            // As a load balancer would: no traffic before GET /readyz answers 200.
            await Testing.Eventually.TrueAsync(replica.IsReadyAsync, TimeSpan.FromSeconds(90));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await replica.DisposeAsync();
            throw new InvalidOperationException($"replica {id} did not become ready:\n{replica.Output}", ex);
        }
        return replica;
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("readyz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary><c>kill -9</c>: the process dies at once, without closing its connections or releasing its lease.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await Security.GracefulStop.StopAsync(_process);
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _http.Dispose();
    }
}
