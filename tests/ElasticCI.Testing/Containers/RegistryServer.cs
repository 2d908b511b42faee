using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ElasticCI.Testing.Containers;

/// <summary>
/// A real Debian <c>docker-registry</c> (distribution 2.8) on a free loopback port with htpasswd (bcrypt) auth; the
/// user and password are generated per fixture. Stopped and deleted on dispose.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RegistryServer(Process process, string directory, int port, string user, string password)
    {
        _process = process;
        _directory = directory;
        Port = port;
        User = user;
        Password = password;
    }

    public int Port { get; }

    public string User { get; }

    public string Password { get; }

    public static async Task<RegistryServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("elastic-ci-registry-").FullName;
        var port = FreePort();
        var user = "ciuser";
        var password = "pw-" + Guid.NewGuid().ToString("N")[..16];
        var htpasswd = await ContainerProcess.CheckedAsync("htpasswd", ["-Bbn", user, password]);
        await File.WriteAllTextAsync(Path.Combine(directory, "htpasswd"), htpasswd.Trim() + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "config.yml"), $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {directory}/data
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            auth:
              htpasswd:
                realm: elastic-ci-test
                path: {directory}/htpasswd
            """);
        var start = new ProcessStartInfo("docker-registry") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(Path.Combine(directory, "config.yml"));
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await ContainerProcess.WaitUntilAsync(async () =>
        {
            try
            {
                return (await http.GetAsync($"http://127.0.0.1:{port}/v2/")).StatusCode == HttpStatusCode.Unauthorized;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "docker-registry answering 401 on /v2/");
        return new RegistryServer(process, directory, port, user, password);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
