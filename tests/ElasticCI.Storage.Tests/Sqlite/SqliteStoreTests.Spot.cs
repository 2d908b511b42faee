using ElasticCI.Jobs;
using ElasticCI.Scaling;

namespace ElasticCI.Storage.Sqlite;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task AssignLifecycleAsync_BaseOneZeroPercent_FirstOnDemandThenSpot()
    {
        await Store.AddInstanceAsync("i-1", Stack, _now, Ct);
        await Store.AddInstanceAsync("i-2", Stack, _now, Ct);

        Assert.Equal(InstanceLifecycles.OnDemand, await Store.AssignLifecycleAsync("i-1", Stack, 1, 0, Ct));
        Assert.Equal(InstanceLifecycles.Spot, await Store.AssignLifecycleAsync("i-2", Stack, 1, 0, Ct));

        Assert.Equal(["on-demand", "spot"], (await Store.ListInstancesAsync(Stack, _now, Ct)).Select(i => i.Lifecycle));
    }

    [Fact]
    public async Task TryInterruptAsync_EveryRefusal_ChangesNothing()
    {
        await Store.AddInstanceAsync("od", Stack, _now, Ct);
        await Store.AssignLifecycleAsync("od", Stack, 0, 100, Ct);
        await Store.AddInstanceAsync("sp", Stack, _now, Ct);
        await Store.AssignLifecycleAsync("sp", Stack, 0, 0, Ct);

        Assert.Equal((InterruptOutcome.NotFound, null), await Store.TryInterruptAsync("nope", _now, _now.AddMinutes(2), Ct));
        Assert.Equal((InterruptOutcome.OnDemand, Stack), await Store.TryInterruptAsync("od", _now, _now.AddMinutes(2), Ct));
        Assert.Equal((InterruptOutcome.Interrupted, Stack), await Store.TryInterruptAsync("sp", _now, _now.AddMinutes(2), Ct));
        Assert.Equal((InterruptOutcome.NotLive, Stack), await Store.TryInterruptAsync("sp", _now, _now.AddMinutes(5), Ct));

        var instances = await Store.ListInstancesAsync(Stack, _now, Ct);
        Assert.Equal((InstanceState.Pending, null), (instances[0].State, instances[0].InterruptionDeadline));
        Assert.Equal((InstanceState.Draining, _now.AddMinutes(2)), (instances[1].State, instances[1].InterruptionDeadline));
    }

    [Fact]
    public async Task CancelJobsForInterruptionAsync_StepWithoutRetryRules_CanceledJobRetriedAnyway()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make long\n");
        await Store.AddInstanceAsync("sp", Stack, _now, Ct);
        await Store.AssignLifecycleAsync("sp", Stack, 0, 0, Ct);
        await RegisterAsync("a1", instanceId: "sp");
        var job = await ClaimAndStartAsync("a1");

        Assert.Equal(InterruptOutcome.Interrupted, (await Store.TryInterruptAsync("sp", _now, _now.AddMinutes(2), Ct)).Outcome);
        Assert.Equal(AgentStates.Draining, (await GetAgentAsync("a1")).State);
        Assert.Equal([job.Id], await Store.CancelJobsForInterruptionAsync("sp", Ct));
        await Store.FinishAsync(job.Id, "a1", 143, "SIGTERM", "cancel", _now, Ct);

        var jobs = (await GetBuildAsync(build.Id)).Jobs;
        Assert.Equal(2, jobs.Count);
        Assert.Equal((JobState.Canceled, "spot_interruption"), (jobs[0].State, jobs[0].CancelReason));
        Assert.Equal(JobState.Scheduled, jobs[1].State);
        Assert.Null(await Store.TryClaimAsync("a1", _now, Ct));
    }

    [Fact]
    public async Task MarkInstanceTerminatedAsync_InterruptedJobNeverReported_LostAndRetriedAnyway()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make long\n");
        await Store.AddInstanceAsync("sp", Stack, _now, Ct);
        await Store.AssignLifecycleAsync("sp", Stack, 0, 0, Ct);
        await RegisterAsync("a1", instanceId: "sp");
        await ClaimAndStartAsync("a1");
        await Store.TryInterruptAsync("sp", _now, _now.AddMinutes(2), Ct);
        await Store.CancelJobsForInterruptionAsync("sp", Ct);

        await Store.MarkInstanceTerminatedAsync("sp", _now, Ct);

        var jobs = (await GetBuildAsync(build.Id)).Jobs;
        Assert.Equal((JobState.Lost, JobState.Scheduled), (jobs[0].State, jobs[1].State));
    }
}
