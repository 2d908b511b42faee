using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ElasticCI.EndToEnd.Security;

/// <summary>
/// `kill -9` of `up` and its agent while a quiet job runs, then a restart: the old job dies with its sandbox (within
/// seconds, not after the restart), the retry runs, and at no point do two copies of the job run. An unsandboxed
/// instance's agent exits within 10 s of the coordinator dying.
/// </summary>
public sealed class CrashRestartTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-crash-").FullName;
    private CoordinatorProcess? _coordinator;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "elastic-ci.yml"), """
            stacks:
              - Name: crash
                Queue: crash
                MaxSize: 1
                AgentsPerInstance: 1
                ScaleInIdlePeriod: 600
              - Name: plain
                Queue: plain
                MinSize: 1
                MaxSize: 1
                AgentsPerInstance: 1
                ScaleInIdlePeriod: 600
                Isolation: none
            """);
        _coordinator = await CoordinatorProcess.StartAsync(_directory, "up", "--config", "elastic-ci.yml", "--heartbeat-interval", "1");
    }

    public async Task DisposeAsync()
    {
        if (_coordinator is not null)
        {
            await GracefulStop.StopAsync(_coordinator.Process);
            await _coordinator.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task KillUpAndAgentDuringQuietJob_Restart_OnlyOneCopyRunsAfterwards()
    {
        var seconds = "3600." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var pipeline = Path.Combine(_directory, "quiet.yml");
        await File.WriteAllTextAsync(pipeline, $"""
            steps:
              - label: quiet
                command: sleep {seconds}
                agents: {"{"} queue: crash {"}"}
                retry: {"{"} automatic: [{"{"} exit_status: -1, limit: 2 {"}"}] {"}"}
            """);
        var (exit, output, error) = await Cli.RunAsync(_directory, _coordinator!.Environment, "build", pipeline);
        Assert.True(exit == 0, $"{output}\n{error}");
        var first = await StackApi.WaitAsync(() => Task.FromResult(Sleepers(seconds)), p => p.Count == 1, "the quiet job to run", 120);
        using (var api = new StackApi(_coordinator))
        {
            var plain = await StackApi.WaitAsync(() => api.StackAsync("plain"), s => s?.Instances.Any(i => i.Agents.Count > 0) == true, "the unsandboxed agent", 120);
            var plainInstance = plain!.Instances.First(i => i.Agents.Count > 0).Id;
            Assert.NotEmpty(HealthStacksFixture.ProcessesOf(plainInstance));

            var agents = AgentProcesses();
            Assert.NotEmpty(agents);
            var killedAt = Stopwatch.StartNew();
            _coordinator.Process.Kill();
            foreach (var agent in agents)
            {
                Signal(agent);
            }
            await _coordinator.Process.WaitForExitAsync();

            await StackApi.WaitAsync(() => Task.FromResult(Sleepers(seconds)), p => p.Count == 0, "the orphaned job to die with its sandbox", 15);
            await StackApi.WaitAsync(() => Task.FromResult(HealthStacksFixture.ProcessesOf(plainInstance)), p => p.Count == 0, "the unsandboxed agent to exit", 15);
            Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(12), $"leftovers outlived the coordinator by {killedAt.Elapsed}");
        }

        await _coordinator.DisposeAsync();
        _coordinator = await CoordinatorProcess.StartAsync(_directory, "up", "--config", "elastic-ci.yml", "--heartbeat-interval", "1");
        var retry = await StackApi.WaitAsync(() => Task.FromResult(Sleepers(seconds)), p => p.Count >= 1, "the retry to run", 180);
        Assert.DoesNotContain(first[0], retry);
        // Sampled for a few seconds: exactly one copy, never two.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            Assert.Single(Sleepers(seconds));
            await Task.Delay(250);
        }
    }

    private static void Signal(int pid)
    {
        try
        {
            Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
            // Already gone: the coordinator's death took it first.
        }
        catch (InvalidOperationException)
        {
            // Exited while we looked.
        }
    }

    /// <summary>Live `sleep SECONDS` processes (this test's job), by command line.</summary>
    private static List<int> Sleepers(string seconds) => Processes(cmdline => cmdline == "sleep\0" + seconds + "\0");

    /// <summary>The `agent start` processes of this test's data directory.</summary>
    private List<int> AgentProcesses()
        => Processes(cmdline => cmdline.Contains("agent\0start\0", StringComparison.Ordinal) && cmdline.Contains(_directory, StringComparison.Ordinal));

    private static List<int> Processes(Func<string, bool> match)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var state = File.ReadAllText(Path.Combine(dir, "stat"));
                if (!state.Contains(") Z ", StringComparison.Ordinal) && match(Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline")))))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Exited while we looked.
            }
        }
        return found;
    }
}
