using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Stacks;

namespace ElasticCI.EndToEnd;

/// <summary>The whole product through its CLI: `up` with a stack from zero, builds, scale-out, scale-in, shutdown.</summary>
public sealed class UpTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-").FullName;
    private CoordinatorProcess? _coordinator;
    private Process? _up;
    private Dictionary<string, string> _env = [];

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "elastic-ci.yml"), """
            stacks:
              - Name: default
                Queue: default
                Provider: local
                MinSize: 0
                MaxSize: 3
                AgentsPerInstance: 2
                ScaleInIdlePeriod: 3
            """);
        _coordinator = await CoordinatorProcess.StartAsync(_directory, "up", "--config", "elastic-ci.yml", "--heartbeat-interval", "1");
        _up = _coordinator.Process;
        _env = _coordinator.Environment;
    }

    public async Task DisposeAsync()
    {
        if (_coordinator is not null)
        {
            await _coordinator.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Up_ParallelPipeline_ScalesFromZeroRunsEverythingScalesBackAndStopsClean()
    {
        var peak = 0;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                peak = Math.Max(peak, (await StackAsync()).Actual);
                await Task.Delay(100);
            }
        });
        Assert.Equal(0, (await StackAsync()).Actual);

        var (exit, output, error) = await Cli.RunAsync(_directory, _env, "build", Path.Combine(AppContext.BaseDirectory, "examples", "parallel.yml"),
            "--pipeline", "demo", "--watch", "--output", "json");
        await watching.CancelAsync();
        await watcher;

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        using var build = JsonDocument.Parse(output);
        Assert.Equal("passed", build.RootElement.GetProperty("state").GetString());
        var jobs = build.RootElement.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(7, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("passed", j.GetProperty("state").GetString()));
        Assert.All(jobs, j => Assert.Equal(0, j.GetProperty("exitStatus").GetInt32()));
        Assert.All(jobs, j => Assert.False(string.IsNullOrEmpty(j.GetProperty("agent").GetProperty("id").GetString())));
        Assert.InRange(peak, 2, 3);
        // Each parallel job's log holds its own line (the progress went to stderr with --output json).
        for (var i = 0; i < 6; i++)
        {
            Assert.Contains($"hello from job {i} of 6", error, StringComparison.Ordinal);
        }

        // Scale-in: every instance was idle for ScaleInIdlePeriod (3 s), so the fleet drains back to zero.
        var drained = Stopwatch.StartNew();
        StackStatusDto stack;
        do
        {
            await Task.Delay(250);
            stack = await StackAsync();
        }
        while (stack.Actual > 0 && drained.Elapsed < TimeSpan.FromSeconds(60));
        Assert.Equal(0, stack.Actual);
        Assert.Contains(stack.Events, e => e.Action == "drain" && e.Reason.Contains("ScaleInIdlePeriod", StringComparison.Ordinal));
        Assert.Contains(stack.Events, e => e.Action == "launch" && e.Reason.Contains("scheduled=", StringComparison.Ordinal));

        // A failing pipeline: exit 1, from zero again.
        var failing = await Cli.RunAsync(_directory, _env, "build", Path.Combine(AppContext.BaseDirectory, "examples", "failing.yml"), "--watch");
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("Build #1 failed", failing.Output, StringComparison.Ordinal);

        // Stop `up` the way a user does; nothing it started may survive it.
        var upPid = _up!.Id;
        Assert.NotEmpty(Cli.DescendantsOf(upPid));
        SendSigterm(upPid);
        await _up.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, _up.ExitCode);
        var survivors = Cli.DescendantsOf(upPid);
        Assert.True(survivors.Count == 0, "still alive: " + string.Join(", ", survivors));
    }

    [Fact]
    public async Task Build_InvalidPipeline_ExitsTwoNamingTheLine()
    {
        var file = Path.Combine(_directory, "bad.yml");
        await File.WriteAllTextAsync(file, "steps:\n  - command: echo hi\n    cache: [dist]\n");

        var (exit, _, error) = await Cli.RunAsync(_directory, _env, "build", file);

        Assert.Equal(2, exit);
        Assert.Contains("not supported yet: cache at line 3", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("build", "does-not-exist.yml")]
    [InlineData("build", "x.yml", "--output", "xml")]
    [InlineData("nonsense")]
    [InlineData("stack", "status", "--token", "wrong-token")]
    public async Task Cli_UsageErrorsAndRefusals_ExitTwo(params string[] args)
    {
        var (exit, _, error) = await Cli.RunAsync(_directory, _env, args);

        Assert.Equal(2, exit);
        Assert.StartsWith("elastic-ci:", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_InvalidConfig_ExitsTwoListingEveryProblem()
    {
        var config = Path.Combine(_directory, "bad-config.yml");
        await File.WriteAllTextAsync(config, "stacks:\n  - Name: a\n    MinSize: 5\n    MaxSize: 2\n    Bogus: 1\n  - Name: b\n    AgentsPerInstance: 0\n");

        var (exit, _, error) = await Cli.RunAsync(_directory, _env, "up", "--config", config, "--data-dir", "data2", "--listen", "127.0.0.1:0");

        Assert.Equal(2, exit);
        Assert.Contains("unknown parameter 'Bogus'", error, StringComparison.Ordinal);
        Assert.Contains("AgentsPerInstance must be at least 1", error, StringComparison.Ordinal);
    }

    private async Task<StackStatusDto> StackAsync()
    {
        var (exit, output, error) = await Cli.RunAsync(_directory, _env, "stack", "status", "--output", "json");
        Assert.True(exit == 0, error);
        var list = JsonSerializer.Deserialize(output, ProtocolJsonContext.Default.StackListDto)!;
        return Assert.Single(list.Stacks);
    }

    private static void SendSigterm(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
