using ElasticCI.Jobs;

namespace ElasticCI.Storage.Sqlite;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task RegisterAsync_NewAgent_IdleAndFoundByTokenHash()
    {
        var agent = await RegisterAsync("a1", queue: "deploy", tags: ("os", "linux"));

        Assert.Equal((AgentStates.Idle, "deploy", _now, _now), (agent.State, agent.Queue, agent.LastHeartbeatAt, agent.IdleSince));
        Assert.Equal("linux", agent.Tags["os"]);
        Assert.Equal("a1", (await Store.FindByTokenHashAsync("hash-a1", Ct))?.Id);
        Assert.Null(await Store.FindByTokenHashAsync("hash-unknown", Ct));
    }

    [Fact]
    public async Task HeartbeatAsync_LaterTime_RenewsLeaseWithNothingToCancel()
    {
        await RegisterAsync("a1");
        Advance(TimeSpan.FromSeconds(30));

        var (agent, cancelJobs) = await Store.HeartbeatAsync("a1", _now, Ct);

        Assert.Equal(_now, agent.LastHeartbeatAt);
        Assert.Empty(cancelJobs);
    }

    [Fact]
    public async Task MarkLostAsync_StaleHeartbeats_RunningJobLostAssignedJobRescheduled()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make a\n  - command: make b\n  - wait\n  - command: make c\n");
        await RegisterAsync("runner");
        await RegisterAsync("claimer");
        var running = await ClaimAndStartAsync("runner");
        var assigned = await Store.TryClaimAsync("claimer", _now, Ct);
        Assert.NotNull(assigned);
        Advance(TimeSpan.FromMinutes(5));
        await RegisterAsync("fresh");

        var lost = await Store.MarkLostAsync(_now - TimeSpan.FromMinutes(2), _now, Ct);

        Assert.Equal(2, lost);
        Assert.Equal(AgentStates.Lost, (await GetAgentAsync("runner")).State);
        Assert.Equal(AgentStates.Lost, (await GetAgentAsync("claimer")).State);
        Assert.Equal(AgentStates.Idle, (await GetAgentAsync("fresh")).State);
        Assert.Null(await Store.FindByTokenHashAsync("hash-runner", Ct));
        var lostJob = await GetJobAsync(running.Id);
        Assert.Equal((JobState.Lost, -1, _now), (lostJob.State, lostJob.ExitStatus, lostJob.FinishedAt));
        var requeued = await GetJobAsync(assigned.Job.Id);
        Assert.Equal((JobState.Scheduled, null, null), (requeued.State, requeued.AgentId, requeued.AssignedAt));
        Assert.Equal(JobState.Pending, (await GetBuildAsync(build.Id)).Jobs[2].State);

        var reclaimed = await Store.TryClaimAsync("fresh", _now, Ct);
        Assert.Equal(assigned.Job.Id, reclaimed?.Job.Id);
        Assert.Equal(FinishOutcome.NotYours, await Store.FinishAsync(running.Id, "fresh", 0, _now, Ct));
        Assert.Equal(0, await Store.MarkLostAsync(_now - TimeSpan.FromMinutes(2), _now, Ct));
    }

    [Fact]
    public async Task DisconnectAsync_AgentWithRunningJob_JobLostAgentDisconnected()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");

        await Store.DisconnectAsync("a1", _now, Ct);

        Assert.Equal((AgentStates.Disconnected, null), ((await GetAgentAsync("a1")).State, (await GetAgentAsync("a1")).JobId));
        Assert.Equal(JobState.Lost, (await GetJobAsync(job.Id)).State);
        Assert.Equal(Builds.BuildState.Failed, (await GetBuildAsync(build.Id)).State);
    }
}
