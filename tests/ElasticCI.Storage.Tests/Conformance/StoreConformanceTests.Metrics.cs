namespace ElasticCI.Storage.Conformance;

/// <summary>Queue metrics and job phase times, read through the store contract.</summary>
public abstract partial class StoreConformanceTests
{
    private const string TwoThenDeploy = "steps:\n  - command: make a\n  - command: make b\n  - wait\n  - command: make deploy\n";

    [Fact]
    public async Task GetQueueMetricsAsync_JobsAndAgents_CountedPerQueue()
    {
        await CreateBuildAsync(TwoThenDeploy);
        await CreateBuildAsync("steps:\n  - command: make mac\n    agents: {queue: mac}\n");
        await RegisterAsync("busy");
        await RegisterAsync("idle");
        await ClaimAndStartAsync("busy");

        var metrics = await Store.Metrics.GetQueueMetricsAsync(Ct);

        Assert.Equal([new QueueMetrics("default", 1, 1, 1, 1, 1, 2), new QueueMetrics("mac", 1, 0, 0, 0, 0, 0)], metrics);
    }

    [Fact]
    public async Task GetQueueMetricsAsync_NothingUnfinishedAndNoAgents_IsEmpty()
    {
        await RegisterAsync("a1");
        await Store.Agents.DisconnectAsync("a1", Now, Ct);

        Assert.Empty(await Store.Metrics.GetQueueMetricsAsync(Ct));
    }

    [Fact]
    public async Task GetJobPhaseTimesAsync_FinishedJob_HasEachPhaseInOrder()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make a\n");
        await RegisterAsync("a1");
        Advance(TimeSpan.FromSeconds(3));
        var job = await ClaimAndStartAsync("a1");
        Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(FinishOutcome.Finished, await Store.Jobs.FinishAsync(job.Id, "a1", 0, Now, Ct));

        var times = await Store.Timings.GetJobPhaseTimesAsync(build.Jobs[0].Id, Ct);

        Assert.NotNull(times);
        Assert.Equal((build.Jobs[0].Id, (string?)null, (string?)null), (times.JobId, times.Stack, times.InstanceId));
        Assert.Equal((Now.AddSeconds(-8), Now.AddSeconds(-5), Now.AddSeconds(-5), Now), (times.Scheduled, times.Assigned, times.Started, times.Finished));
    }

    [Fact]
    public async Task GetJobPhaseTimesAsync_UnknownJob_IsNull()
        => Assert.Null(await Store.Timings.GetJobPhaseTimesAsync("no-such-job", Ct));
}
