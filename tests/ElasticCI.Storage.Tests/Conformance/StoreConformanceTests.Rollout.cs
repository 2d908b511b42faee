using ElasticCI.Jobs;
using ElasticCI.Scaling;

namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task SetInstanceRevisionAsync_TwoInstances_ListedPerStack()
    {
        await Store.Fleet.AddInstanceAsync("i-1", Stack, Now, Ct);
        await Store.Fleet.AddInstanceAsync("i-2", Stack, Now, Ct);
        await Store.Rollout.SetInstanceRevisionAsync("i-1", "aaa", Ct);
        await Store.Rollout.SetInstanceRevisionAsync("i-2", "bbb", Ct);

        var revisions = await Store.Rollout.ListInstanceRevisionsAsync(Stack, Ct);

        Assert.Equal(("aaa", "bbb"), (revisions["i-1"], revisions["i-2"]));
        Assert.Empty(await Store.Rollout.ListInstanceRevisionsAsync("other-stack", Ct));
    }

    [Fact]
    public async Task RetireInstanceAsync_AgentBusy_KeepsItsJobTakesNoOtherAndStaysDraining()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make a\n  - command: make b\n  - command: make c\n");
        await Store.Fleet.AddInstanceAsync("i-1", Stack, Now, Ct);
        await RegisterAsync("a1", instanceId: "i-1");
        await RegisterAsync("a2", instanceId: "i-1");
        var job = await ClaimAndStartAsync("a1");

        Assert.True(await Store.Rollout.RetireInstanceAsync("i-1", Now, Ct));

        var instance = Assert.Single(await Store.Fleet.ListInstancesAsync(Stack, Now, Ct));
        Assert.Equal(InstanceState.Draining, instance.State);
        Assert.All(instance.Agents, a => Assert.Equal(AgentState.Draining.ToName(), a.State));
        Assert.Null(await Store.Jobs.TryClaimAsync("a2", Now, Ct));
        Assert.Equal(JobState.Running, (await GetJobAsync(job.Id)).State);
        await Store.Jobs.FinishAsync(job.Id, "a1", 0, Now, Ct);
        Assert.Equal(JobState.Passed, (await GetJobAsync(job.Id)).State);
        Assert.Equal(AgentState.Draining.ToName(), (await GetAgentAsync("a1")).State);
        Assert.Null(await Store.Jobs.TryClaimAsync("a1", Now, Ct));
        Assert.False(await Store.Rollout.RetireInstanceAsync("i-1", Now, Ct));
        Assert.Equal(2, (await GetBuildAsync(build.Id)).Jobs.Count(j => j.State == JobState.Scheduled));
    }

    [Fact]
    public async Task GetQueueMetricsAsync_JobsAndAgentsOnQueues_CountedPerQueue()
    {
        await CreateBuildAsync("steps:\n  - command: a\n  - command: b\n  - wait\n  - command: c\n");
        await RegisterAsync("a1");
        await RegisterAsync("a2");
        await RegisterAsync("x1", queue: "other");
        await ClaimAndStartAsync("a1");

        var metrics = (await Store.Metrics.GetQueueMetricsAsync(Ct)).ToDictionary(m => m.Queue);

        Assert.Equal(new QueueMetrics("default", 1, 1, 1, 1, 1, 2), metrics["default"]);
        Assert.Equal(new QueueMetrics("other", 0, 0, 0, 1, 0, 1), metrics["other"]);
    }

    [Fact]
    public async Task GetJobPhaseTimesAsync_JobOnInstanceLaunchedForIt_EveryPointInOrder()
    {
        var build = await CreateBuildAsync("steps:\n  - command: a\n");
        Advance(TimeSpan.FromSeconds(1));
        await Store.Fleet.AddScalingEventAsync(new ScalingEvent(Stack, Now, "decide", "desired 0 → 1", null), Ct);
        Advance(TimeSpan.FromSeconds(1));
        await Store.Fleet.AddInstanceAsync("i-1", Stack, Now, Ct);
        Advance(TimeSpan.FromSeconds(1));
        await RegisterAsync("a1", instanceId: "i-1");
        Advance(TimeSpan.FromSeconds(1));
        var job = await ClaimAndStartAsync("a1");
        Advance(TimeSpan.FromSeconds(1));
        await Store.Jobs.FinishAsync(job.Id, "a1", 0, Now, Ct);

        var t = (await Store.Timings.GetJobPhaseTimesAsync(build.Jobs[0].Id, Ct))!;

        DateTimeOffset?[] points = [t.Scheduled, t.ScaleOutDecided, t.InstanceLaunched, t.AgentRegistered, t.Assigned, t.Started, t.Finished];
        Assert.All(points, p => Assert.NotNull(p));
        Assert.Equal(points.Order(), points);
        Assert.Equal((Stack, "i-1"), (t.Stack, t.InstanceId));
        Assert.Null(await Store.Timings.GetJobPhaseTimesAsync("no-such-job", Ct));
    }

    [Fact]
    public async Task GetJobPhaseTimesAsync_InstanceOlderThanJob_NoScaleOutPoint()
    {
        await Store.Fleet.AddInstanceAsync("i-1", Stack, Now, Ct);
        await RegisterAsync("a1", instanceId: "i-1");
        Advance(TimeSpan.FromSeconds(1));
        var build = await CreateBuildAsync("steps:\n  - command: a\n");
        await ClaimAndStartAsync("a1");

        var t = (await Store.Timings.GetJobPhaseTimesAsync(build.Jobs[0].Id, Ct))!;

        Assert.Null(t.ScaleOutDecided);
        Assert.NotNull(t.Started);
    }
}
