using System.Diagnostics;
using System.Globalization;
using System.Text;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.EndToEnd;

/// <summary>
/// Stopping `up` the way a user does (Ctrl+C in a terminal, or SIGTERM from a supervisor): quick, exit 0, nothing in
/// the output that looks like a failure, and nothing it started left alive.
/// </summary>
public sealed class CleanStopTests : IDisposable
{
    private const string Config = """
        stacks:
          - Name: default
            Queue: default
            Provider: local
            MinSize: 2
            MaxSize: 2
            AgentsPerInstance: 2
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-stop-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Up_SignalWithIdleInstances_ExitsZeroWithinFiveSecondsWithoutErrors(string signal)
    {
        await using var up = await UpProcess.StartAsync(_directory, Config);
        await StackApi.WaitAsync(() => up.Api.StackAsync("default"), s => s!.Instances.Count(i => i.State == "running" && i.Agents.Count == 2) == 2,
            "two idle instances with their agents", 90);

        var (exitCode, took, output) = await up.StopAsync(signal);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}");
        Assert.True(took < TimeSpan.FromSeconds(5), $"took {took}\n{output}");
        AssertClean(output);
        Assert.Empty(Cli.DescendantsOf(up.Pid));
    }

    [Fact]
    public async Task Up_SignalWithRunningJob_CancelsItAndExitsClean()
    {
        await using var up = await UpProcess.StartAsync(_directory, Config);
        var build = await up.Api.Client.CreateBuildAsync(new CreateBuildRequest("stop", "steps:\n  - command: sleep 300\n"), CancellationToken.None);
        await StackApi.WaitAsync(() => up.Api.Client.GetBuildAsync(build.Id, CancellationToken.None), b => b.Jobs.Any(j => j.State == "running"), "the job running", 90);

        var (exitCode, took, output) = await up.StopAsync("INT");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}");
        Assert.True(took < TimeSpan.FromSeconds(30), $"took {took}\n{output}");
        AssertClean(output);
        Assert.Empty(Cli.DescendantsOf(up.Pid));
        // The job was canceled, not left running: the next start finds it finished.
        await using var again = await UpProcess.StartAsync(_directory, Config);
        var after = await again.Api.Client.GetBuildAsync(build.Id, CancellationToken.None);
        Assert.DoesNotContain(after.Jobs, j => j.State is "running" or "assigned" or "scheduled");
        await again.StopAsync("TERM");
    }

    private static void AssertClean(string output)
    {
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("did not stop within", output, StringComparison.Ordinal);
    }

    /// <summary>`up` as a terminal starts it: SIGINT and SIGQUIT at their default disposition (a test runner may have them ignored).</summary>
    private sealed class UpProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly CoordinatorProcess _coordinator;

        private UpProcess(Process process, CoordinatorProcess coordinator)
        {
            _process = process;
            _coordinator = coordinator;
        }

        /// <summary>Set once `up` listens (it writes the API token file before).</summary>
        public StackApi Api { get; private set; } = null!;

        public int Pid => _process.Id;

        public static async Task<UpProcess> StartAsync(string directory, string config)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "elastic-ci.yml"), config);
            var port = Cli.FreePort();
            var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
            foreach (var arg in (string[])["--default-signal=INT,QUIT", "dotnet", Cli.Dll, "up", "--config", "elastic-ci.yml", "--data-dir", "data",
                "--listen", $"127.0.0.1:{port}", "--heartbeat-interval", "1"])
            {
                start.ArgumentList.Add(arg);
            }
            var process = Process.Start(start)!;
            var up = new UpProcess(process, CoordinatorProcessFor(process, directory, port));
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) => up.Append(e.Data, ready);
            process.ErrorDataReceived += (_, e) => up.Append(e.Data, ready);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch
            {
                await up._coordinator.DisposeAsync();
                throw;
            }
            up.Api = new StackApi(up._coordinator);
            return up;
        }

        /// <summary>Sends SIG<paramref name="signal"/> and waits for the exit: its code, how long it took, and everything `up` printed.</summary>
        public async Task<(int ExitCode, TimeSpan Took, string Output)> StopAsync(string signal)
        {
            var took = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            took.Stop();
            lock (_output)
            {
                return (_process.ExitCode, took.Elapsed, _output.ToString());
            }
        }

        public async ValueTask DisposeAsync()
        {
            Api?.Dispose();
            await _coordinator.DisposeAsync();
        }

        private static CoordinatorProcess CoordinatorProcessFor(Process process, string directory, int port)
            => CoordinatorProcess.Of(process, new Dictionary<string, string>
            {
                ["ELASTIC_CI_SERVER"] = $"http://127.0.0.1:{port}",
                ["ELASTIC_CI_DATA_DIR"] = Path.Combine(directory, "data"),
            });

        private void Append(string? line, TaskCompletionSource ready)
        {
            if (line is null)
            {
                return;
            }
            lock (_output)
            {
                _output.AppendLine(line);
            }
            if (line.Contains("listening on", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }
    }
}
