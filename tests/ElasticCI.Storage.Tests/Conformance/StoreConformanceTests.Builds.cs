using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
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
        Assert.Equal([3, 2, 1], (await Store.Builds.ListBuildsAsync("app", 10, Ct)).Select(b => b.Number));
    }

    [Fact]
    public async Task CreateBuildAsync_StepsAroundWait_FirstScheduledRestPending()
    {
        var build = await CreateBuildAsync(TestThenDeploy);

        Assert.Equal(BuildState.Scheduled.ToName(), build.State);
        Assert.Equal(("app", "main", "0123456789abcdef"), (build.PipelineSlug, build.Branch, build.Commit));
        Assert.Equal(["test", "lint", "deploy"], build.Jobs.Select(j => j.Label));
        Assert.Equal([JobState.Scheduled, JobState.Scheduled, JobState.Pending], build.Jobs.Select(j => j.State));
        Assert.Equal([build.Jobs[0].Id, build.Jobs[1].Id], build.Jobs[2].DependsOn);
        Assert.Equal(Now, build.Jobs[0].ScheduledAt);
        Assert.Null(build.Jobs[2].ScheduledAt);
        Assert.Null(build.StartedAt);
    }

    [Fact]
    public async Task GetBuildAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.Builds.GetBuildAsync("no-such-build", Ct));
        Assert.Null(await Store.Builds.CancelBuildAsync("no-such-build", Now, Ct));
    }

    [Fact]
    public async Task CancelBuildAsync_RunningAndScheduledJobs_ScheduledCanceledRunningAskedToStop()
    {
        var build = await CreateBuildAsync(TestThenDeploy);
        await RegisterAsync("a1");
        var running = await ClaimAndStartAsync("a1");
        Advance(TimeSpan.FromSeconds(10));

        var canceling = await Store.Builds.CancelBuildAsync(build.Id, Now, Ct);

        Assert.NotNull(canceling);
        Assert.Equal(BuildState.Canceling.ToName(), canceling.State);
        Assert.True(canceling.CancelRequested);
        Assert.Equal([JobState.Running, JobState.Canceled, JobState.Canceled], canceling.Jobs.Select(j => j.State));
        Assert.Equal(CancelReasons.Cancel, canceling.Jobs[0].CancelReason);
        Assert.Equal(-1, canceling.Jobs[1].ExitStatus);

        var (_, cancelJobs) = await Store.Agents.HeartbeatAsync("a1", Now, Ct);
        Assert.Equal([running.Id], cancelJobs);
        var append = await Store.Jobs.AppendLogAsync(running.Id, "a1", 0, 0, "bye\n"u8.ToArray(), Ct);
        Assert.Equal((LogAppendOutcome.Appended, true), (append.Outcome, append.Cancel));

        Assert.Equal(FinishOutcome.Finished, await Store.Jobs.FinishAsync(running.Id, "a1", 143, Now, Ct));

        var canceled = await GetBuildAsync(build.Id);
        Assert.Equal(BuildState.Canceled.ToName(), canceled.State);
        Assert.Equal(Now, canceled.FinishedAt);
        Assert.Equal((JobState.Canceled, 143), (canceled.Jobs[0].State, canceled.Jobs[0].ExitStatus));
        Assert.Equal(AgentState.Idle.ToName(), (await GetAgentAsync("a1")).State);
    }

    [Fact]
    public async Task CancelBuildAsync_JobAssignedNotStarted_AgentMustNotStartIt()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        var claim = await Store.Jobs.TryClaimAsync("a1", Now, Ct);
        Assert.NotNull(claim);

        await Store.Builds.CancelBuildAsync(build.Id, Now, Ct);

        Assert.Equal(StartOutcome.Canceled, await Store.Jobs.StartAsync(claim.Job.Id, "a1", Now, Ct));
        Assert.Equal(FinishOutcome.Finished, await Store.Jobs.FinishAsync(claim.Job.Id, "a1", -1, Now, Ct));
        Assert.Equal(JobState.Canceled, (await GetJobAsync(claim.Job.Id)).State);
        Assert.Equal(BuildState.Canceled.ToName(), (await GetBuildAsync(build.Id)).State);
    }

    [Fact]
    public async Task CancelBuildAsync_BuildAlreadyPassed_StaysPassed()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");
        await Store.Jobs.FinishAsync(job.Id, "a1", 0, Now, Ct);
        var finishedAt = Now;
        Advance(TimeSpan.FromMinutes(1));

        var after = await Store.Builds.CancelBuildAsync(build.Id, Now, Ct);

        Assert.NotNull(after);
        Assert.Equal((BuildState.Passed.ToName(), false, finishedAt), (after.State, after.CancelRequested, after.FinishedAt));
        Assert.Equal(BuildState.Passed.ToName(), (await GetBuildAsync(build.Id)).State);
    }

    [Fact]
    public async Task CancelBuildAsync_ThenAgentWithAssignedJobLost_JobCanceledNotRequeued()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        var claim = await Store.Jobs.TryClaimAsync("a1", Now, Ct);
        Assert.NotNull(claim);
        await Store.Builds.CancelBuildAsync(build.Id, Now, Ct);
        Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, await Store.Agents.MarkLostAsync(Now - TimeSpan.FromMinutes(2), Now, Ct));

        Assert.Equal(JobState.Canceled, (await GetJobAsync(claim.Job.Id)).State);
        Assert.Equal(BuildState.Canceled.ToName(), (await GetBuildAsync(build.Id)).State);
        Assert.Equal(new Scaling.QueueDemand(0, 0, 0), await Store.Fleet.GetQueueDemandAsync("default", Ct));
        await RegisterAsync("a2");
        Assert.Null(await Store.Jobs.TryClaimAsync("a2", Now, Ct));
    }
}
