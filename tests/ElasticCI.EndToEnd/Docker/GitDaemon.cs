using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace ElasticCI.EndToEnd.Docker;

/// <summary>`git daemon` serving every repository under a directory read-only on a free loopback port (git://).</summary>
internal sealed class GitDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly int _port;

    private GitDaemon(Process process, int port)
    {
        _process = process;
        _port = port;
    }

    public string Url(string path) => $"git://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}/{path}";

    public static async Task<GitDaemon> StartAsync(string basePath)
    {
        var port = Cli.FreePort();
        var start = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1", $"--port={port}", $"--base-path={basePath}", basePath })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await DockerEngineFixture.WaitUntilAsync(() =>
        {
            using var client = new TcpClient();
            try
            {
                client.Connect("127.0.0.1", port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, "git daemon to listen", 30);
        return new GitDaemon(process, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
