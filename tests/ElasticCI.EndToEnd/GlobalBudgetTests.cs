using System.Text.Json;

namespace ElasticCI.EndToEnd;

/// <summary>Two stacks on two queues under one global MaxInstances; job phase times of a job that scaled a stack out from zero.</summary>
public sealed class GlobalBudgetTests : IAsyncLifetime
{
    private ConfiguredUp? _up;

    private ConfiguredUp Up => _up!;

    public async Task InitializeAsync() => _up = await ConfiguredUp.StartAsync("budget", """
            MaxInstances: 2
            stacks:
              - Name: alpha
                Queue: qa
                MaxSize: 3
                ScaleInIdlePeriod: 600
              - Name: beta
                Queue: qb
                MaxSize: 3
                Policy: buildkite
                ScaleOutCooldownPeriod: 0
                ScaleInIdlePeriod: 600
            """);

    public async Task DisposeAsync()
    {
        if (_up is not null)
        {
            await _up.DisposeAsync();
        }
    }

    [Fact]
    public async Task Up_TwoStacksOverBudget_NeverMoreThanMaxInstancesAndEachGetsItsShare()
    {
        var pipeline = Path.Combine(Up.Directory, "pipeline.yml");
        await File.WriteAllTextAsync(pipeline, """
            steps:
              - label: a
                command: sleep 1
                parallelism: 3
                agents: { queue: qa }
              - label: b
                command: sleep 1
                parallelism: 3
                agents: { queue: qb }
            """);

        var (exit, output, error) = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "build", pipeline, "--pipeline", "budget", "--watch", "--output", "json");

        Assert.True(exit == 0, $"{output}\n{error}");
        using var build = JsonDocument.Parse(output);
        Assert.Equal("passed", build.RootElement.GetProperty("state").GetString());
        foreach (var job in build.RootElement.GetProperty("jobs").EnumerateArray())
        {
            var prefix = job.GetProperty("label").GetString()!.StartsWith('a') ? "alpha-" : "beta-";
            Assert.StartsWith(prefix, job.GetProperty("agent").GetProperty("instanceId").GetString(), StringComparison.Ordinal);
        }
        var activity = await Up.Api.Client.GetStackActivityAsync(null, 500, CancellationToken.None);
        // Nothing terminates (ScaleInIdlePeriod 600), so launches are the peak: one per stack, the fair share of 2.
        Assert.Equal(1, activity.Events.Count(e => e.Stack == "alpha" && e.Action == "launch"));
        Assert.Equal(1, activity.Events.Count(e => e.Stack == "beta" && e.Action == "launch"));
        Assert.Contains(activity.Events, e => e.Action == "decide" && e.Reason.Contains("limited by the global budget: global MaxInstances 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JobTimings_JobThatScaledOutFromZero_AllPhasesInOrder()
    {
        var pipeline = Path.Combine(Up.Directory, "one.yml");
        await File.WriteAllTextAsync(pipeline, "steps:\n  - command: echo timed\n    agents: { queue: qa }\n");

        var (exit, output, error) = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "build", pipeline, "--pipeline", "timed", "--watch", "--output", "json");

        Assert.True(exit == 0, $"{output}\n{error}");
        using var build = JsonDocument.Parse(output);
        var jobId = build.RootElement.GetProperty("jobs")[0].GetProperty("id").GetString()!;
        var t = await Up.Api.Client.GetJobTimingsAsync(jobId, CancellationToken.None);
        DateTimeOffset?[] points = [t.ScheduledAt, t.ScaleOutDecidedAt, t.InstanceLaunchedAt, t.AgentRegisteredAt, t.AssignedAt, t.StartedAt, t.FinishedAt];
        Assert.All(points, p => Assert.NotNull(p));
        Assert.Equal(points.Order(), points);
        Assert.Equal("alpha", t.Stack);
        Assert.Equal(6, t.Phases.Count);
        Assert.Equal("scheduled→scaleOutDecided", t.Phases[0].Name);
        Assert.All(t.Phases, p => Assert.True(p.Seconds >= 0));
        var missing = await Assert.ThrowsAsync<ElasticCI.Client.CoordinatorException>(() => Up.Api.Client.GetJobTimingsAsync("no-such-job", CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }
}
