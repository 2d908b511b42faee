using System.Diagnostics;
using System.Text.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Stacks;

namespace ElasticCI.EndToEnd;

/// <summary>`up` with several stacks: each scales for its own queue only; a one-job stack gets a fresh instance per job.</summary>
public sealed class StackScalingTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-stacks-").FullName;
    private CoordinatorProcess? _coordinator;
    private Dictionary<string, string> _env = [];

    public async Task InitializeAsync()
    {
        // Parameter names in mixed case on purpose: they are matched case-insensitively.
        await File.WriteAllTextAsync(Path.Combine(_directory, "elastic-ci.yml"), """
            stacks:
              - Name: linux
                Queue: linux
                MaxSize: 2
                ScaleInIdlePeriod: 600
              - name: mac
                queue: mac
                maxsize: 2
                Policy: buildkite
                ScaleInIdlePeriod: 600
              - Name: onejob
                Queue: onejob
                MaxSize: 1
                BuildkiteTerminateInstanceAfterJob: true
            """);
        _coordinator = await CoordinatorProcess.StartAsync(_directory, "up", "--config", "elastic-ci.yml", "--heartbeat-interval", "1");
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
    public async Task Up_TwoStacksTwoQueues_EachLaunchesForItsOwnQueueOnly()
    {
        var jobs = await RunBuildAsync("""
            steps:
              - label: on linux
                command: echo "linux job on $$BUILDKITE_AGENT_NAME"
                agents: { queue: linux }
              - label: on mac
                command: echo "mac job on $$BUILDKITE_AGENT_NAME"
                agents: { queue: mac }
            """);

        Assert.Equal(2, jobs.Count);
        Assert.StartsWith("linux-", Instance(jobs.Single(j => Label(j) == "on linux")), StringComparison.Ordinal);
        Assert.StartsWith("mac-", Instance(jobs.Single(j => Label(j) == "on mac")), StringComparison.Ordinal);

        var activity = await ActivityAsync(null);
        // One job per queue, one agent per instance: each stack launched exactly one instance, for its own queue.
        Assert.Single(activity.Events, e => e.Stack == "linux" && e.Action == "launch");
        Assert.Single(activity.Events, e => e.Stack == "mac" && e.Action == "launch");
        Assert.DoesNotContain(activity.Events, e => e.Stack == "onejob" && e.Action == "launch");
        Assert.Contains(activity.Events, e => e.Stack == "linux" && e.Action == "decide" && e.Reason.StartsWith("elastic: desired 0 → 1", StringComparison.Ordinal));
        Assert.Contains(activity.Events, e => e.Stack == "mac" && e.Action == "decide"
            && e.Reason.StartsWith("buildkite: desired 0 → 1", StringComparison.Ordinal) && e.Reason.Contains("[out]", StringComparison.Ordinal));
        // Newest first.
        Assert.Equal(activity.Events.OrderByDescending(e => e.At).Select(e => e.At), activity.Events.Select(e => e.At));

        var macOnly = await ActivityAsync("mac");
        Assert.NotEmpty(macOnly.Events);
        Assert.All(macOnly.Events, e => Assert.Equal("mac", e.Stack));
        var text = await Cli.RunAsync(_directory, _env, "stack", "activity", "--stack", "linux");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("launch", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_TerminateInstanceAfterJob_EachJobGetsItsOwnInstanceWhichThenExits()
    {
        var jobs = await RunBuildAsync("""
            steps:
              - label: one job each
                command: echo "job $$BUILDKITE_PARALLEL_JOB on $$BUILDKITE_AGENT_NAME"
                parallelism: 3
                agents: { queue: onejob }
            """);

        Assert.Equal(3, jobs.Count);
        var instances = jobs.Select(Instance).ToList();
        Assert.Equal(3, instances.Distinct(StringComparer.Ordinal).Count());

        // Each instance exits by itself after its job (MaxSize 1, so the scaler replaced each one as the next job waited).
        var deadline = Stopwatch.StartNew();
        StackActivityDto activity;
        do
        {
            await Task.Delay(250);
            activity = await ActivityAsync("onejob");
        }
        while (activity.Events.Count(e => e.Action == "terminated") < 3 && deadline.Elapsed < TimeSpan.FromSeconds(30));
        var terminated = activity.Events.Where(e => e.Action == "terminated").ToList();
        Assert.Equal(instances.Order(StringComparer.Ordinal), terminated.Select(e => e.InstanceId!).Order(StringComparer.Ordinal));
        Assert.All(terminated, e => Assert.Contains("exited on its own (code 0)", e.Reason, StringComparison.Ordinal));
        Assert.Equal(3, activity.Events.Count(e => e.Action == "launch"));
    }

    private async Task<List<JsonElement>> RunBuildAsync(string yaml)
    {
        var file = Path.Combine(_directory, $"pipeline-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, yaml);
        var (exit, output, error) = await Cli.RunAsync(_directory, _env, "build", file, "--pipeline", "demo", "--watch", "--output", "json");
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        using var build = JsonDocument.Parse(output);
        Assert.Equal("passed", build.RootElement.GetProperty("state").GetString());
        return [.. build.RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.Clone())];
    }

    private async Task<StackActivityDto> ActivityAsync(string? stack)
    {
        string[] args = stack is null
            ? ["stack", "activity", "--output", "json", "--limit", "500"]
            : ["stack", "activity", "--stack", stack, "--output", "json", "--limit", "500"];
        var (exit, output, error) = await Cli.RunAsync(_directory, _env, args);
        Assert.True(exit == 0, error);
        return JsonSerializer.Deserialize(output, ProtocolJsonContext.Default.StackActivityDto)!;
    }

    private static string Label(JsonElement job) => job.GetProperty("label").GetString()!;

    private static string Instance(JsonElement job) => job.GetProperty("agent").GetProperty("instanceId").GetString()!;
}
