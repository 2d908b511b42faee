using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Storage.Sqlite;

public sealed partial class SqliteStoreTests
{
    private const string TestThenDeploy = """
        steps:
          - label: test
            command: make test
          - label: lint
            command: make lint
          - wait
          - label: deploy
            command: make deploy
        """;

    [Fact]
    public async Task OpenAsync_NewFile_AppliesEveryMigration()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 20, 30, 40, 50, 60, 61], await Store.AppliedMigrationsAsync(Ct));
    }

    [Fact]
    public async Task OpenAsync_SameFileAfterRestart_MigrationsAppliedOnceAndDataKept()
    {
        var build = await CreateBuildAsync(TestThenDeploy);
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");

        await ReopenAsync();

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 20, 30, 40, 50, 60, 61], await Store.AppliedMigrationsAsync(Ct));
        var reloaded = await GetBuildAsync(build.Id);
        Assert.Equal((1, BuildState.Running), (reloaded.Number, reloaded.State));
        Assert.Equal([JobState.Running, JobState.Scheduled, JobState.Pending], reloaded.Jobs.Select(j => j.State));
        Assert.Equal(("a1", "agent-a1"), (reloaded.Jobs[0].AgentId, reloaded.Jobs[0].AgentName));
        Assert.Equal(job.Id, (await GetAgentAsync("a1")).JobId);
        Assert.Equal(2, (await CreateBuildAsync(TestThenDeploy)).Number);
    }

    [Fact]
    public async Task CreateBuildAsync_ThreeBuildsOfOnePipeline_NumberedOneTwoThree()
    {
        var numbers = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add((await CreateBuildAsync(TestThenDeploy, "app")).Number);
            Advance(TimeSpan.FromSeconds(1));
        }
        var other = await CreateBuildAsync(TestThenDeploy, "docs");

        Assert.Equal([1, 2, 3], numbers);
        Assert.Equal(1, other.Number);
        Assert.Equal([3, 2, 1], (await Store.ListBuildsAsync("app", 10, Ct)).Select(b => b.Number));
    }

    [Fact]
    public async Task CreateBuildAsync_StepsAroundWait_FirstScheduledRestPending()
    {
        var build = await CreateBuildAsync(TestThenDeploy);

        Assert.Equal(BuildState.Scheduled, build.State);
        Assert.Equal(("app", "main", "0123456789abcdef"), (build.PipelineSlug, build.Branch, build.Commit));
        Assert.Equal(["test", "lint", "deploy"], build.Jobs.Select(j => j.Label));
        Assert.Equal([JobState.Scheduled, JobState.Scheduled, JobState.Pending], build.Jobs.Select(j => j.State));
        Assert.Equal([build.Jobs[0].Id, build.Jobs[1].Id], build.Jobs[2].DependsOn);
        Assert.Equal(_now, build.Jobs[0].ScheduledAt);
        Assert.Null(build.Jobs[2].ScheduledAt);
        Assert.Null(build.StartedAt);
    }

    [Fact]
    public async Task GetBuildAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.GetBuildAsync("no-such-build", Ct));
        Assert.Null(await Store.CancelBuildAsync("no-such-build", _now, Ct));
    }

    [Fact]
    public async Task CancelBuildAsync_RunningAndScheduledJobs_ScheduledCanceledRunningAskedToStop()
    {
        var build = await CreateBuildAsync(TestThenDeploy);
        await RegisterAsync("a1");
        var running = await ClaimAndStartAsync("a1");
        Advance(TimeSpan.FromSeconds(10));

        var canceling = await Store.CancelBuildAsync(build.Id, _now, Ct);

        Assert.NotNull(canceling);
        Assert.Equal(BuildState.Canceling, canceling.State);
        Assert.True(canceling.CancelRequested);
        Assert.Equal([JobState.Running, JobState.Canceled, JobState.Canceled], canceling.Jobs.Select(j => j.State));
        Assert.Equal(CancelReasons.Cancel, canceling.Jobs[0].CancelReason);
        Assert.Equal(-1, canceling.Jobs[1].ExitStatus);

        var (_, cancelJobs) = await Store.HeartbeatAsync("a1", _now, Ct);
        Assert.Equal([running.Id], cancelJobs);
        var append = await Store.AppendLogAsync(running.Id, "a1", 0, 0, "bye\n"u8.ToArray(), Ct);
        Assert.Equal((LogAppendOutcome.Appended, true), (append.Outcome, append.Cancel));

        Assert.Equal(FinishOutcome.Finished, await Store.FinishAsync(running.Id, "a1", 143, _now, Ct));

        var canceled = await GetBuildAsync(build.Id);
        Assert.Equal(BuildState.Canceled, canceled.State);
        Assert.Equal(_now, canceled.FinishedAt);
        Assert.Equal((JobState.Canceled, 143), (canceled.Jobs[0].State, canceled.Jobs[0].ExitStatus));
        Assert.Equal(AgentStates.Idle, (await GetAgentAsync("a1")).State);
    }

    [Fact]
    public async Task CancelBuildAsync_JobAssignedNotStarted_AgentMustNotStartIt()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        var claim = await Store.TryClaimAsync("a1", _now, Ct);
        Assert.NotNull(claim);

        await Store.CancelBuildAsync(build.Id, _now, Ct);

        Assert.Equal(StartOutcome.Canceled, await Store.StartAsync(claim.Job.Id, "a1", _now, Ct));
        Assert.Equal(FinishOutcome.Finished, await Store.FinishAsync(claim.Job.Id, "a1", -1, _now, Ct));
        Assert.Equal(JobState.Canceled, (await GetJobAsync(claim.Job.Id)).State);
        Assert.Equal(BuildState.Canceled, (await GetBuildAsync(build.Id)).State);
    }

    [Fact]
    public async Task CancelBuildAsync_BuildAlreadyPassed_StaysPassed()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");
        await Store.FinishAsync(job.Id, "a1", 0, _now, Ct);
        var finishedAt = _now;
        Advance(TimeSpan.FromMinutes(1));

        var after = await Store.CancelBuildAsync(build.Id, _now, Ct);

        Assert.NotNull(after);
        Assert.Equal((BuildState.Passed, false, finishedAt), (after.State, after.CancelRequested, after.FinishedAt));
        Assert.Equal(BuildState.Passed, (await GetBuildAsync(build.Id)).State);
    }

    [Fact]
    public async Task CancelBuildAsync_ThenAgentWithAssignedJobLost_JobCanceledNotRequeued()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        var claim = await Store.TryClaimAsync("a1", _now, Ct);
        Assert.NotNull(claim);
        await Store.CancelBuildAsync(build.Id, _now, Ct);
        Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, await Store.MarkLostAsync(_now - TimeSpan.FromMinutes(2), _now, Ct));

        Assert.Equal(JobState.Canceled, (await GetJobAsync(claim.Job.Id)).State);
        Assert.Equal(BuildState.Canceled, (await GetBuildAsync(build.Id)).State);
        Assert.Equal(new Scaling.QueueDemand(0, 0, 0), await Store.GetQueueDemandAsync("default", Ct));
        await RegisterAsync("a2");
        Assert.Null(await Store.TryClaimAsync("a2", _now, Ct));
    }
}
