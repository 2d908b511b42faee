using System.Diagnostics;
using System.Globalization;

namespace ElasticCI.EndToEnd.Security;

/// <summary>
/// Jobs that attack the host's resources, on a real `up` with a sandboxed stack whose instances run under cgroup
/// limits (ExperimentalEnableResourceLimits): a fork bomb stops at the pids limit while the coordinator and the host
/// keep working; a job allocating past the memory limit is killed and its log says the limit was hit.
/// </summary>
public sealed class ResourceLimitTests : IAsyncLifetime
{
    private const int TasksMax = 128;
    private const long MemoryMax = 400L * 1024 * 1024;

    private ConfiguredUp? _up;

    public async Task InitializeAsync()
    {
        _up = await ConfiguredUp.StartAsync("limits", $"""
            stacks:
              - Name: boxed
                Queue: boxed
                MinSize: 1
                MaxSize: 1
                ExperimentalEnableResourceLimits: true
                ResourceLimitsMemoryMax: 400M
                ResourceLimitsCPUQuota: 100%
                ResourceLimitsTasksMax: {TasksMax}
            """);
        await StackApi.WaitAsync(() => _up.Api.StackAsync("boxed"), s => s?.Instances.Count(i => i.Agents.Count > 0) == 1, "the limited instance to register", 120);
    }

    public async Task DisposeAsync()
    {
        if (_up is not null)
        {
            await GracefulStop.StopAsync(_up.Coordinator.Process);
            await _up.DisposeAsync();
        }
    }

    [Fact]
    public async Task Job_ForkBomb_StopsAtPidsLimitWhileCoordinatorAndHostAnswer()
    {
        var instance = InstanceGroup("pids", await InstanceIdAsync());
        Assert.Equal(TasksMax.ToString(CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(instance, "pids.max")).Trim());
        // The jobs' group inside it keeps a reserve for the agent, which must survive the bomb to report the job.
        var pids = Path.Combine(instance, "jobs");
        Assert.Equal((TasksMax - 64).ToString(CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(pids, "pids.max")).Trim());
        var hitsBefore = LimitHits(pids);

        // Every copy of the bomb stops forking 20 s after the first started ($SECONDS is inherited), so the job can end and pass;
        // until then it forks as fast as the pids limit lets it.
        var watching = RunAsync("bash -c \"b() { [ \\$SECONDS -lt 20 ] && { b | b & }; }; b; wait\" 2>&1 | tail -c 300; echo bomb-over");
        await StackApi.WaitAsync(() => Task.FromResult(LimitHits(pids)), hits => hits > hitsBefore, "the fork bomb to reach the pids limit", 120);

        // The bomb is at its limit now: the coordinator answers, and the host can still start processes.
        var answered = Stopwatch.StartNew();
        Assert.NotNull(await _up!.Api.StackAsync("boxed").WaitAsync(TimeSpan.FromSeconds(15)));
        using (var probe = Process.Start("/bin/true")!)
        {
            await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, probe.ExitCode);
        }
        Assert.True(LimitHits(pids) > hitsBefore && answered.Elapsed < TimeSpan.FromSeconds(20));
        // The agent (outside the jobs' group, in its reserve) outlives the bomb and reports the job. Whether the job's own
        // shell still gets a fork for its last commands depends on how the bomb's processes drain under load: on a busy
        // machine it may end `failed` with bash's fork error, so the job's end is asserted, not its exit status.
        var (_, output, _) = await watching;
        Assert.Matches(@"--- hog: (passed|failed)", output);
        Assert.Contains("Resource temporarily unavailable", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--- hog: lost", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_AllocatesPastMemoryLimit_KilledAndFailsSayingTheLimitWasHit()
    {
        var memory = InstanceGroup("memory", await InstanceIdAsync());
        Assert.Equal(MemoryMax, long.Parse(File.ReadAllText(Path.Combine(memory, "memory.limit_in_bytes")).Trim(), CultureInfo.InvariantCulture));

        // tail keeps the "last line" of a stream that never has a newline: it grows until something stops it.
        var (exit, output, error) = await RunAsync("tail /dev/zero");

        Assert.True(exit != 0, $"the build must fail: {output}\n{error}");
        Assert.True(output.Contains("failed (exit 137)", StringComparison.Ordinal), output);
        Assert.Contains("The job hit the instance's memory limit (ResourceLimitsMemoryMax: 400 MiB)", output, StringComparison.Ordinal);
    }

    private async Task<string> InstanceIdAsync() => Assert.Single((await _up!.Api.StackAsync("boxed"))!.Instances).Id;

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string command)
    {
        var file = Path.Combine(_up!.Directory, $"pipeline-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, $"steps:\n  - label: hog\n    command: '{command}'\n    agents: {{ queue: boxed }}\n");
        return await Cli.RunAsync(_up.Directory, _up.Coordinator.Environment, "build", file, "--watch", "--no-interpolation");
    }

    /// <summary>The instance's v1 group of <paramref name="controller"/>: under this process's own group, as the coordinator (our child) made it.</summary>
    private static string InstanceGroup(string controller, string instanceId)
    {
        var own = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':', 3)).Single(p => p[1].Split(',').Contains(controller))[2];
        var directory = $"/sys/fs/cgroup/{controller}{own.TrimEnd('/')}/elastic-ci-{instanceId}";
        Assert.True(Directory.Exists(directory), $"{directory} must exist while the instance runs");
        return directory;
    }

    private static long LimitHits(string pids)
        => long.Parse(File.ReadAllLines(Path.Combine(pids, "pids.events")).Single(l => l.StartsWith("max ", StringComparison.Ordinal))[4..], CultureInfo.InvariantCulture);
}
