using ElasticCI.Jobs;
using ElasticCI.Scaling;

namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task AddInstanceAsync_NoAgentYet_Pending()
    {
        await Store.Fleet.AddInstanceAsync("i-1", Stack, Now, Ct);

        var instance = Assert.Single(await Store.Fleet.ListInstancesAsync(Stack, Now, Ct));
        Assert.Equal(("i-1", InstanceState.Pending, Now), (instance.Id, instance.State, instance.LaunchedAt));
        Assert.Empty(instance.Agents);
        Assert.Empty(await Store.Fleet.ListInstancesAsync("other-stack", Now, Ct));
    }

    [Fact]
    public async Task RegisterAsync_AgentOfPendingInstance_InstanceRunning()
    {
        await Store.Fleet.AddInstanceAsync("i-1", Stack, Now, Ct);
        Advance(TimeSpan.FromSeconds(40));

        await RegisterAsync("a1", instanceId: "i-1");
        await RegisterAsync("a2", instanceId: "i-1");

        var instance = Assert.Single(await Store.Fleet.ListInstancesAsync(Stack, Now, Ct));
        Assert.Equal(InstanceState.Running, instance.State);
        Assert.Equal(["a1", "a2"], instance.Agents.Select(a => a.Id));
    }

    [Fact]
    public async Task TryDrainInstanceAsync_AgentBusy_RefusesThenDrainsWhenIdle()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make a\n  - wait\n  - command: make b\n");
        await Store.Fleet.AddInstanceAsync("i-1", Stack, Now, Ct);
        await RegisterAsync("a1", instanceId: "i-1");
        await RegisterAsync("a2", instanceId: "i-1");
        var job = await ClaimAndStartAsync("a1");

        Assert.False(await Store.Fleet.TryDrainInstanceAsync("i-1", Now, Ct));
        Assert.Equal(InstanceState.Running, Assert.Single(await Store.Fleet.ListInstancesAsync(Stack, Now, Ct)).State);
        Assert.Equal(AgentState.Idle.ToName(), (await GetAgentAsync("a2")).State);

        await Store.Jobs.FinishAsync(job.Id, "a1", 0, Now, Ct);
        Assert.Equal(JobState.Scheduled, (await GetBuildAsync(build.Id)).Jobs[1].State);

        Assert.True(await Store.Fleet.TryDrainInstanceAsync("i-1", Now, Ct));
        var instance = Assert.Single(await Store.Fleet.ListInstancesAsync(Stack, Now, Ct));
        Assert.Equal(InstanceState.Draining, instance.State);
        Assert.All(instance.Agents, a => Assert.Equal(AgentState.Draining.ToName(), a.State));
        Assert.Null(await Store.Jobs.TryClaimAsync("a1", Now, Ct));
        Assert.Null(await Store.Jobs.TryClaimAsync("a2", Now, Ct));
        Assert.False(await Store.Fleet.TryDrainInstanceAsync("i-1", Now, Ct));
    }

    [Fact]
    public async Task RegisterAsync_IntoDrainingInstance_StartsDraining()
    {
        await Store.Fleet.AddInstanceAsync("i-1", Stack, Now, Ct);
        Assert.True(await Store.Fleet.TryDrainInstanceAsync("i-1", Now, Ct));

        var agent = await RegisterAsync("late", instanceId: "i-1");

        Assert.Equal(AgentState.Draining.ToName(), agent.State);
        Assert.Equal(InstanceState.Draining, Assert.Single(await Store.Fleet.ListInstancesAsync(Stack, Now, Ct)).State);
    }

    [Fact]
    public async Task MarkInstanceTerminatedAsync_AgentRunningJob_JobLostAgentsLost()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n");
        await Store.Fleet.AddInstanceAsync("i-1", Stack, Now, Ct);
        await RegisterAsync("a1", instanceId: "i-1");
        await RegisterAsync("a2", instanceId: "i-1");
        var job = await ClaimAndStartAsync("a1");
        var before = Now;
        Advance(TimeSpan.FromMinutes(1));

        await Store.Fleet.MarkInstanceTerminatedAsync("i-1", Now, new ScalingEvent(Stack, Now, "terminated", "gone", "i-1"), Ct);

        // The event that says why is written with it.
        var why = Assert.Single(await Store.Fleet.ListScalingEventsAsync(Stack, 10, Ct), e => e.InstanceId == "i-1");
        Assert.Equal(("terminated", "gone"), (why.Action, why.Reason));
        var lost = await GetJobAsync(job.Id);
        Assert.Equal((JobState.Lost, -1), (lost.State, lost.ExitStatus));
        Assert.Equal(Builds.BuildStates.ToName(Builds.BuildState.Failed), (await GetBuildAsync(build.Id)).State);
        Assert.Equal(AgentState.Lost.ToName(), (await GetAgentAsync("a1")).State);
        Assert.Equal(AgentState.Lost.ToName(), (await GetAgentAsync("a2")).State);
        var instance = Assert.Single(await Store.Fleet.ListInstancesAsync(Stack, before, Ct));
        Assert.Equal((InstanceState.Terminated, Now), (instance.State, instance.TerminatedAt));
        Assert.Empty(await Store.Fleet.ListInstancesAsync(Stack, Now + TimeSpan.FromSeconds(1), Ct));
    }

    [Fact]
    public async Task CountConnectedAgentsAsync_CountsConnectedAgentsOfTheQueueOnly()
    {
        await RegisterAsync("a1");
        await RegisterAsync("a2");
        await RegisterAsync("a3", queue: "builders");
        await Store.Agents.DisconnectAsync("a2", Now, Ct);

        Assert.Equal(1, await Store.Fleet.CountConnectedAgentsAsync("default", Ct));
        Assert.Equal(1, await Store.Fleet.CountConnectedAgentsAsync("builders", Ct));
        Assert.Equal(0, await Store.Fleet.CountConnectedAgentsAsync("gpu", Ct));
    }

    [Fact]
    public async Task GetQueueDemandAsync_MixedJobs_CountsScheduledRunningWaiting()
    {
        await CreateBuildAsync("""
            steps:
              - command: make test
                parallelism: 3
              - command: make build
                agents: { queue: builders }
              - wait
              - command: make deploy
            """);
        await RegisterAsync("a1");
        await ClaimAndStartAsync("a1");
        await RegisterAsync("a2");
        Assert.NotNull(await Store.Jobs.TryClaimAsync("a2", Now, Ct));

        Assert.Equal(new QueueDemand(1, 2, 1), await Store.Fleet.GetQueueDemandAsync("default", Ct));
        Assert.Equal(new QueueDemand(1, 0, 0), await Store.Fleet.GetQueueDemandAsync("builders", Ct));
        Assert.Equal(new QueueDemand(0, 0, 0), await Store.Fleet.GetQueueDemandAsync("gpu", Ct));
    }

    [Fact]
    public async Task ListScalingEventsAsync_SeveralEvents_NewestFirstUpToLimit()
    {
        for (var i = 1; i <= 3; i++)
        {
            await Store.Fleet.AddScalingEventAsync(new ScalingEvent(Stack, Now, "launch", $"demand {i}", $"i-{i}"), Ct);
            Advance(TimeSpan.FromSeconds(10));
        }
        await Store.Fleet.AddScalingEventAsync(new ScalingEvent("other", Now, "terminate", "idle", null), Ct);

        var events = await Store.Fleet.ListScalingEventsAsync(Stack, 2, Ct);

        Assert.Equal(["demand 3", "demand 2"], events.Select(e => e.Reason));
        Assert.Equal(new ScalingEvent(Stack, Now - TimeSpan.FromSeconds(10), "launch", "demand 3", "i-3"), events[0]);
        Assert.Single(await Store.Fleet.ListScalingEventsAsync("other", 10, Ct));
    }
}
