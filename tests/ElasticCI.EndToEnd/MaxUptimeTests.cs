using System.Text.Json;

namespace ElasticCI.EndToEnd;

/// <summary>BuildkiteAgentDisconnectAfterUptime end to end: real `up`, real instances, real agents.</summary>
public sealed class MaxUptimeTests : IAsyncLifetime
{
    private const int UptimeSeconds = 4;
    private ConfiguredUp? _up;

    private ConfiguredUp Up => _up!;

    // ScaleInIdlePeriod is large so that only the uptime can end the instance, never a scale-in drain.
    public async Task InitializeAsync() => _up = await ConfiguredUp.StartAsync("uptime", $"""
            stacks:
              - Name: uptime
                Queue: uptime
                MaxSize: 1
                ScaleInIdlePeriod: 600
                Isolation: none
                BuildkiteAgentDisconnectAfterUptime: {UptimeSeconds}
            """);

    public async Task DisposeAsync()
    {
        if (_up is not null)
        {
            await _up.DisposeAsync();
        }
    }

    [Fact]
    public async Task Up_AgentDisconnectAfterUptime_RunningJobFinishedInstanceExitsAndNextJobGetsNewInstance()
    {
        var finished = Path.Combine(Up.Directory, "long-job-finished");
        // Longer than the uptime, and started after the agent did: it runs across the uptime boundary.
        var first = await RunBuildAsync($$"""
            steps:
              - label: across the uptime
                command: "sleep {{UptimeSeconds + 2}} && touch '{{finished}}'"
                agents: { queue: uptime }
            """);
        Assert.True(File.Exists(finished), "the job running when the uptime passed was not finished");
        var firstTimes = first.GetProperty("times");
        Assert.True(firstTimes.GetProperty("finishedAt").GetDateTimeOffset() - firstTimes.GetProperty("startedAt").GetDateTimeOffset() >= TimeSpan.FromSeconds(UptimeSeconds));
        var old = Instance(first);

        // Idle after its job and past its uptime: the agent takes no more work and exits, and with it the instance.
        var events = await StackApi.WaitAsync(
            async () => (await Up.Api.Client.GetStackActivityAsync("uptime", 500, CancellationToken.None)).Events,
            all => all.Any(e => e.Action == "terminated" && e.InstanceId == old), $"instance {old} to exit after its uptime", 20);
        var terminated = Assert.Single(events, e => e.Action == "terminated" && e.InstanceId == old);
        Assert.Contains("instance exited on its own (code 0)", terminated.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.Action == "drain" && e.InstanceId == old);
        Assert.DoesNotContain((await Up.Api.StackAsync("uptime"))!.Instances, i => i.Id == old && i.State != "terminated");

        var second = await RunBuildAsync("""
            steps:
              - label: after the uptime
                command: echo fresh instance
                agents: { queue: uptime }
            """);

        var fresh = Instance(second);
        Assert.NotEqual(old, fresh);
        Assert.StartsWith("uptime-", fresh, StringComparison.Ordinal);
        var launches = (await Up.Api.Client.GetStackActivityAsync("uptime", 500, CancellationToken.None)).Events.Where(e => e.Action == "launch").ToList();
        Assert.Equal(2, launches.Count);
    }

    private async Task<JsonElement> RunBuildAsync(string yaml)
    {
        var file = Path.Combine(Up.Directory, $"pipeline-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, yaml);
        var (exit, output, error) = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "build", file, "--pipeline", "uptime", "--watch", "--output", "json");
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        using var build = JsonDocument.Parse(output);
        Assert.Equal("passed", build.RootElement.GetProperty("state").GetString());
        var job = Assert.Single(build.RootElement.GetProperty("jobs").EnumerateArray());
        Assert.Equal("passed", job.GetProperty("state").GetString());
        return job.Clone();
    }

    private static string Instance(JsonElement job) => job.GetProperty("agent").GetProperty("instanceId").GetString()!;
}
