using ElasticCI.Jobs;
using ElasticCI.Scaling;

namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task AssignLifecycleAsync_BaseOneZeroPercent_FirstOnDemandThenSpot()
    {
        await Store.Fleet.AddInstanceAsync("i-1", Stack, Now, Ct);
        await Store.Fleet.AddInstanceAsync("i-2", Stack, Now, Ct);

        Assert.Equal(InstanceLifecycles.OnDemand, await Store.Spot.AssignLifecycleAsync("i-1", Stack, 1, 0, Ct));
        Assert.Equal(InstanceLifecycles.Spot, await Store.Spot.AssignLifecycleAsync("i-2", Stack, 1, 0, Ct));

        Assert.Equal(["on-demand", "spot"], (await Store.Fleet.ListInstancesAsync(Stack, Now, Ct)).Select(i => i.Lifecycle));
    }

    [Fact]
    public async Task TryInterruptAsync_EveryRefusal_ChangesNothing()
    {
        await Store.Fleet.AddInstanceAsync("od", Stack, Now, Ct);
        await Store.Spot.AssignLifecycleAsync("od", Stack, 0, 100, Ct);
        await Store.Fleet.AddInstanceAsync("sp", Stack, Now, Ct);
        await Store.Spot.AssignLifecycleAsync("sp", Stack, 0, 0, Ct);

        Assert.Equal((InterruptOutcome.NotFound, null), await Store.Spot.TryInterruptAsync("nope", Now, Now.AddMinutes(2), Ct));
        Assert.Equal((InterruptOutcome.OnDemand, Stack), await Store.Spot.TryInterruptAsync("od", Now, Now.AddMinutes(2), Ct));
        Assert.Equal((InterruptOutcome.Interrupted, Stack), await Store.Spot.TryInterruptAsync("sp", Now, Now.AddMinutes(2), Ct));
        Assert.Equal((InterruptOutcome.NotLive, Stack), await Store.Spot.TryInterruptAsync("sp", Now, Now.AddMinutes(5), Ct));

        var instances = await Store.Fleet.ListInstancesAsync(Stack, Now, Ct);
        Assert.Equal((InstanceState.Pending, null), (instances[0].State, instances[0].InterruptionDeadline));
        Assert.Equal((InstanceState.Draining, Now.AddMinutes(2)), (instances[1].State, instances[1].InterruptionDeadline));
    }

    [Fact]
    public async Task CancelJobsForInterruptionAsync_StepWithoutRetryRules_CanceledJobRetriedAnyway()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make long\n");
        await Store.Fleet.AddInstanceAsync("sp", Stack, Now, Ct);
        await Store.Spot.AssignLifecycleAsync("sp", Stack, 0, 0, Ct);
        await RegisterAsync("a1", instanceId: "sp");
        var job = await ClaimAndStartAsync("a1");

        Assert.Equal(InterruptOutcome.Interrupted, (await Store.Spot.TryInterruptAsync("sp", Now, Now.AddMinutes(2), Ct)).Outcome);
        Assert.Equal(AgentState.Draining.ToName(), (await GetAgentAsync("a1")).State);
        Assert.Equal([job.Id], await Store.Spot.CancelJobsForInterruptionAsync("sp", Ct));
        await Store.Jobs.FinishAsync(job.Id, "a1", 143, "SIGTERM", "cancel", Now, Ct);

        var jobs = (await GetBuildAsync(build.Id)).Jobs;
        Assert.Equal(2, jobs.Count);
        Assert.Equal((JobState.Canceled, "spot_interruption"), (jobs[0].State, jobs[0].CancelReason));
        Assert.Equal(JobState.Scheduled, jobs[1].State);
        Assert.Null(await Store.Jobs.TryClaimAsync("a1", Now, Ct));
    }

    [Fact]
    public async Task MarkInstanceTerminatedAsync_InterruptedJobNeverReported_LostAndRetriedAnyway()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make long\n");
        await Store.Fleet.AddInstanceAsync("sp", Stack, Now, Ct);
        await Store.Spot.AssignLifecycleAsync("sp", Stack, 0, 0, Ct);
        await RegisterAsync("a1", instanceId: "sp");
        await ClaimAndStartAsync("a1");
        await Store.Spot.TryInterruptAsync("sp", Now, Now.AddMinutes(2), Ct);
        await Store.Spot.CancelJobsForInterruptionAsync("sp", Ct);

        await Store.Fleet.MarkInstanceTerminatedAsync("sp", Now, new ScalingEvent(Stack, Now, "terminated", "interrupted", "sp"), Ct);

        var jobs = (await GetBuildAsync(build.Id)).Jobs;
        Assert.Equal((JobState.Lost, JobState.Scheduled), (jobs[0].State, jobs[1].State));
    }
}
