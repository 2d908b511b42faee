using ElasticCI.Jobs;

namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task RegisterAsync_NewAgent_IdleAndFoundByTokenHash()
    {
        var agent = await RegisterAsync("a1", queue: "deploy", tags: ("os", "linux"));

        Assert.Equal((AgentState.Idle.ToName(), "deploy", Now, Now), (agent.State, agent.Queue, agent.LastHeartbeatAt, agent.IdleSince));
        Assert.Equal("linux", agent.Tags["os"]);
        Assert.Equal("a1", (await Store.Agents.FindByTokenHashAsync("hash-a1", Ct))?.Id);
        Assert.Null(await Store.Agents.FindByTokenHashAsync("hash-unknown", Ct));
    }

    [Fact]
    public async Task HeartbeatAsync_LaterTime_RenewsLeaseWithNothingToCancel()
    {
        await RegisterAsync("a1");
        Advance(TimeSpan.FromSeconds(30));

        var (agent, cancelJobs) = await Store.Agents.HeartbeatAsync("a1", Now, Ct);

        Assert.Equal(Now, agent.LastHeartbeatAt);
        Assert.Empty(cancelJobs);
    }

    [Fact]
    public async Task MarkLostAsync_StaleHeartbeats_RunningJobLostAssignedJobRescheduled()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make a\n  - command: make b\n  - wait\n  - command: make c\n");
        await RegisterAsync("runner");
        await RegisterAsync("claimer");
        var running = await ClaimAndStartAsync("runner");
        var assigned = await Store.Jobs.TryClaimAsync("claimer", Now, Ct);
        Assert.NotNull(assigned);
        Advance(TimeSpan.FromMinutes(5));
        await RegisterAsync("fresh");

        var lost = await Store.Agents.MarkLostAsync(Now - TimeSpan.FromMinutes(2), Now, Ct);

        Assert.Equal(2, lost);
        Assert.Equal(AgentState.Lost.ToName(), (await GetAgentAsync("runner")).State);
        Assert.Equal(AgentState.Lost.ToName(), (await GetAgentAsync("claimer")).State);
        Assert.Equal(AgentState.Idle.ToName(), (await GetAgentAsync("fresh")).State);
        Assert.Null(await Store.Agents.FindByTokenHashAsync("hash-runner", Ct));
        var lostJob = await GetJobAsync(running.Id);
        Assert.Equal((JobState.Lost, -1, Now), (lostJob.State, lostJob.ExitStatus, lostJob.FinishedAt));
        var requeued = await GetJobAsync(assigned.Job.Id);
        Assert.Equal((JobState.Scheduled, null, null), (requeued.State, requeued.AgentId, requeued.AssignedAt));
        Assert.Equal(JobState.Pending, (await GetBuildAsync(build.Id)).Jobs[2].State);

        var reclaimed = await Store.Jobs.TryClaimAsync("fresh", Now, Ct);
        Assert.Equal(assigned.Job.Id, reclaimed?.Job.Id);
        Assert.Equal(FinishOutcome.NotYours, await Store.Jobs.FinishAsync(running.Id, "fresh", 0, Now, Ct));
        Assert.Equal(0, await Store.Agents.MarkLostAsync(Now - TimeSpan.FromMinutes(2), Now, Ct));
    }

    [Fact]
    public async Task DisconnectAsync_AgentWithRunningJob_JobLostAgentDisconnected()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");

        await Store.Agents.DisconnectAsync("a1", Now, Ct);

        Assert.Equal((AgentState.Disconnected.ToName(), null), ((await GetAgentAsync("a1")).State, (await GetAgentAsync("a1")).JobId));
        Assert.Equal(JobState.Lost, (await GetJobAsync(job.Id)).State);
        Assert.Equal(Builds.BuildStates.ToName(Builds.BuildState.Failed), (await GetBuildAsync(build.Id)).State);
    }
}
