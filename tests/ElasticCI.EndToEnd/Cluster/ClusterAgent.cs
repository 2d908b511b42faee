using System.Diagnostics;
using System.Text;

namespace ElasticCI.EndToEnd.Cluster;

/// <summary>A real <c>elastic-ci agent start --server URL1,URL2,...</c> process, keeping what it prints.</summary>
internal sealed class ClusterAgent : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ClusterAgent(Process process) => _process = process;

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

    /// <summary>Starts agent <paramref name="name"/> on queue <paramref name="queue"/> with the given coordinator URLs, in the order given.</summary>
    public static ClusterAgent Start(string root, string name, string agentToken, IReadOnlyList<string> servers, string queue = "default")
    {
        var start = Cli.StartInfo(root, ["agent", "start", "--server", string.Join(',', servers), "--name", name, "--queue", queue,
            "--build-path", Path.Combine(root, "builds-" + name), "--cancel-grace-period", "2"]);
        start.Environment["ELASTIC_CI_AGENT_TOKEN"] = agentToken;
        var agent = new ClusterAgent(Process.Start(start)!);
        void Keep(string? line)
        {
            lock (agent._output)
            {
                agent._output.AppendLine(line);
            }
        }
        agent._process.OutputDataReceived += (_, e) => Keep(e.Data);
        agent._process.ErrorDataReceived += (_, e) => Keep(e.Data);
        agent._process.BeginOutputReadLine();
        agent._process.BeginErrorReadLine();
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        await Security.GracefulStop.StopAsync(_process);
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
