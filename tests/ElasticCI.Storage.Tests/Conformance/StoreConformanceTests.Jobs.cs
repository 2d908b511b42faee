using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task TryClaimAsync_IdleAgent_GetsOldestScheduledJob()
    {
        var older = await CreateBuildAsync("steps:\n  - label: first\n    command: make first\n  - label: second\n    command: make second\n");
        Advance(TimeSpan.FromMinutes(1));
        await CreateBuildAsync("steps:\n  - label: newer\n    command: make newer\n");
        Advance(TimeSpan.FromMinutes(1));
        await RegisterAsync("a1");

        var claim = await Store.Jobs.TryClaimAsync("a1", Now, Ct);

        Assert.NotNull(claim);
        Assert.Equal((older.Id, "first"), (claim.Build.Id, claim.Job.Label));
        Assert.Equal((JobState.Assigned, "a1", Now), (claim.Job.State, claim.Job.AgentId, claim.Job.AssignedAt));
        Assert.Equal(BuildState.Running.ToName(), claim.Build.State);
        var agent = await GetAgentAsync("a1");
        Assert.Equal((AgentState.Busy.ToName(), claim.Job.Id), (agent.State, agent.JobId));
        Assert.Null(agent.IdleSince);
    }

    [Fact]
    public async Task TryClaimAsync_AgentAlreadyBusy_ReturnsNull()
    {
        await CreateBuildAsync("steps:\n  - command: make a\n  - command: make b\n");
        await RegisterAsync("a1");
        Assert.NotNull(await Store.Jobs.TryClaimAsync("a1", Now, Ct));

        Assert.Null(await Store.Jobs.TryClaimAsync("a1", Now, Ct));
    }

    [Fact]
    public async Task TryClaimAsync_TwoAgentsOneJob_ExactlyOneGetsIt()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        await RegisterAsync("a2");

        var claims = await Task.WhenAll(Store.Jobs.TryClaimAsync("a1", Now, Ct), Store.Jobs.TryClaimAsync("a2", Now, Ct));

        var winner = Assert.Single(claims, c => c is not null)!;
        Assert.Equal(build.Jobs[0].Id, winner.Job.Id);
        var states = new[] { (await GetAgentAsync("a1")).State, (await GetAgentAsync("a2")).State };
        Assert.Equal([AgentState.Busy.ToName(), AgentState.Idle.ToName()], states.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TryClaimAsync_AgentOnOtherQueue_GetsNothing()
    {
        var build = await CreateBuildAsync("""
            steps:
              - label: test
                command: make test
              - label: deploy
                command: make deploy
                agents: { queue: deploy }
            """);
        Assert.Equal(["default", "deploy"], build.Jobs.Select(j => j.Queue));
        await RegisterAsync("other", queue: "gpu");
        await RegisterAsync("deployer", queue: "deploy");

        Assert.Null(await Store.Jobs.TryClaimAsync("other", Now, Ct));
        var claim = await Store.Jobs.TryClaimAsync("deployer", Now, Ct);
        Assert.Equal("deploy", claim?.Job.Label);
    }

    [Fact]
    public async Task GetQueuesWithScheduledJobsAsync_OnlyQueuesWithACommandJobAnAgentCouldClaimNow()
    {
        Assert.Empty(await Store.Jobs.GetQueuesWithScheduledJobsAsync(Ct));
        await CreateBuildAsync("""
            steps:
              - command: make test
              - command: make lint
                agents: { queue: lint }
              - wait
              - command: make deploy
                agents: { queue: deploy }
              - block: release
            """);
        await RegisterAsync("linter", queue: "lint");

        // "deploy" waits behind the wait step; the block step is no command job.
        Assert.Equal(["default", "lint"], (await Store.Jobs.GetQueuesWithScheduledJobsAsync(Ct)).Order(StringComparer.Ordinal));
        Assert.NotNull(await Store.Jobs.TryClaimAsync("linter", Now, Ct));
        // Assigned is no longer scheduled.
        Assert.Equal(["default"], await Store.Jobs.GetQueuesWithScheduledJobsAsync(Ct));
    }

    [Fact]
    public async Task TryClaimAsync_JobTargetsLinux_OnlyMatchingAgentGetsIt()
    {
        await CreateBuildAsync("""
            steps:
              - command: make test
                agents: { os: linux }
            """);
        await RegisterAsync("untagged");
        await RegisterAsync("mac", tags: ("os", "macos"));
        await RegisterAsync("linux", tags: ("os", "linux"));

        Assert.Null(await Store.Jobs.TryClaimAsync("untagged", Now, Ct));
        Assert.Null(await Store.Jobs.TryClaimAsync("mac", Now, Ct));
        var claim = await Store.Jobs.TryClaimAsync("linux", Now, Ct);
        Assert.NotNull(claim);
        Assert.Equal("linux", claim.Job.AgentRules["os"]);
    }

    [Fact]
    public async Task StartAsync_AssignedToAnotherAgent_NotYours()
    {
        await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        await RegisterAsync("a2");
        var claim = await Store.Jobs.TryClaimAsync("a1", Now, Ct);
        Assert.NotNull(claim);

        Assert.Equal(StartOutcome.NotYours, await Store.Jobs.StartAsync(claim.Job.Id, "a2", Now, Ct));
        Assert.Equal(StartOutcome.Started, await Store.Jobs.StartAsync(claim.Job.Id, "a1", Now, Ct));
        Assert.Equal(StartOutcome.Started, await Store.Jobs.StartAsync(claim.Job.Id, "a1", Now, Ct));
        var job = await GetJobAsync(claim.Job.Id);
        Assert.Equal((JobState.Running, Now), (job.State, job.StartedAt));
        Assert.Equal(StartOutcome.NotYours, await Store.Jobs.StartAsync("no-such-job", "a1", Now, Ct));
    }

    [Fact]
    public async Task AppendLogAsync_SameSequenceTwice_DuplicateAndLogNotDoubled()
    {
        await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");

        var first = await Store.Jobs.AppendLogAsync(job.Id, "a1", 0, 0, "hello\n"u8.ToArray(), Ct);
        var retry = await Store.Jobs.AppendLogAsync(job.Id, "a1", 0, 0, "hello\n"u8.ToArray(), Ct);

        Assert.Equal(new LogAppendResult(LogAppendOutcome.Appended, 6, false), first);
        Assert.Equal(new LogAppendResult(LogAppendOutcome.Duplicate, 6, false), retry);
        Assert.Equal("hello\n"u8.ToArray(), await Store.Jobs.ReadLogAsync(job.Id, 0, 1024, Ct));
        Assert.Equal(6, (await GetJobAsync(job.Id)).LogSize);
    }

    [Fact]
    public async Task AppendLogAsync_OffsetPastEnd_GapWithExpectedOffset()
    {
        await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");
        await Store.Jobs.AppendLogAsync(job.Id, "a1", 0, 0, "abc"u8.ToArray(), Ct);

        var gap = await Store.Jobs.AppendLogAsync(job.Id, "a1", 2, 10, "xyz"u8.ToArray(), Ct);

        Assert.Equal(new LogAppendResult(LogAppendOutcome.Gap, 3, false), gap);
        Assert.Equal("abc"u8.ToArray(), await Store.Jobs.ReadLogAsync(job.Id, 0, 1024, Ct));
        Assert.Equal(LogAppendOutcome.NotYours, (await Store.Jobs.AppendLogAsync(job.Id, "a2", 1, 3, "xyz"u8.ToArray(), Ct)).Outcome);
    }

    [Fact]
    public async Task ReadLogAsync_FromOffsetsAcrossChunks_ReturnsExactBytes()
    {
        await CreateBuildAsync("steps:\n  - command: make test\n");
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");
        // Every byte value, including NUL and invalid UTF-8, in chunks of uneven size.
        var log = Enumerable.Range(0, 600).Select(i => (byte)(i * 7 % 256)).ToArray();
        int[] sizes = [100, 1, 255, 244];
        var offset = 0;
        for (var seq = 0; seq < sizes.Length; seq++)
        {
            var result = await Store.Jobs.AppendLogAsync(job.Id, "a1", seq, offset, log.AsMemory(offset, sizes[seq]), Ct);
            Assert.Equal(LogAppendOutcome.Appended, result.Outcome);
            offset += sizes[seq];
            Assert.Equal(offset, result.NextOffset);
        }

        foreach (var (from, max) in new[] { (0, 600), (0, 10_000), (99, 3), (100, 1), (101, 300), (350, 7), (355, 245), (599, 10) })
        {
            var expected = log.AsSpan(from, Math.Min(max, log.Length - from)).ToArray();
            Assert.Equal(expected, await Store.Jobs.ReadLogAsync(job.Id, from, max, Ct));
        }
        Assert.Empty((await Store.Jobs.ReadLogAsync(job.Id, 600, 10, Ct))!);
        Assert.Null(await Store.Jobs.ReadLogAsync("no-such-job", 0, 10, Ct));
    }

    [Fact]
    public async Task FinishAsync_ExitZero_PassedDependentsScheduledAgentIdle()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n  - wait\n  - command: make deploy\n");
        await RegisterAsync("a1");
        var test = await ClaimAndStartAsync("a1");
        Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(FinishOutcome.Finished, await Store.Jobs.FinishAsync(test.Id, "a1", 0, Now, Ct));

        var after = await GetBuildAsync(build.Id);
        Assert.Equal((JobState.Passed, 0, Now), (after.Jobs[0].State, after.Jobs[0].ExitStatus, after.Jobs[0].FinishedAt));
        Assert.Equal((JobState.Scheduled, Now), (after.Jobs[1].State, after.Jobs[1].ScheduledAt));
        Assert.Equal(BuildState.Running.ToName(), after.State);
        var agent = await GetAgentAsync("a1");
        Assert.Equal((AgentState.Idle.ToName(), null, Now), (agent.State, agent.JobId, agent.IdleSince));
        Assert.Equal(FinishOutcome.AlreadyFinished, await Store.Jobs.FinishAsync(test.Id, "a1", 0, Now, Ct));

        var deploy = await ClaimAndStartAsync("a1");
        Assert.Equal(after.Jobs[1].Id, deploy.Id);
        await Store.Jobs.FinishAsync(deploy.Id, "a1", 0, Now, Ct);
        var passed = await GetBuildAsync(build.Id);
        Assert.Equal((BuildState.Passed.ToName(), Now), (passed.State, passed.FinishedAt));
    }

    [Fact]
    public async Task FinishAsync_ExitOne_FailedDependentsBrokenBuildFailed()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make test\n  - wait\n  - command: make deploy\n  - wait\n  - command: make notify\n");
        await RegisterAsync("a1");
        var test = await ClaimAndStartAsync("a1");

        await Store.Jobs.FinishAsync(test.Id, "a1", 1, Now, Ct);

        var after = await GetBuildAsync(build.Id);
        Assert.Equal([JobState.Failed, JobState.Broken, JobState.Broken], after.Jobs.Select(j => j.State));
        Assert.False(after.Jobs[0].SoftFailed);
        Assert.Equal(BuildState.Failed.ToName(), after.State);
        Assert.Equal(AgentState.Idle.ToName(), (await GetAgentAsync("a1")).State);
        Assert.Equal(FinishOutcome.NotYours, await Store.Jobs.FinishAsync(after.Jobs[1].Id, "a1", 0, Now, Ct));
    }

    [Fact]
    public async Task FinishAsync_SoftFailStepExitsOne_FailedSoftFailedBuildPasses()
    {
        var build = await CreateBuildAsync("""
            steps:
              - label: flaky
                command: make flaky
                soft_fail: true
              - wait
              - label: deploy
                command: make deploy
            """);
        await RegisterAsync("a1");
        var flaky = await ClaimAndStartAsync("a1");

        await Store.Jobs.FinishAsync(flaky.Id, "a1", 1, Now, Ct);

        var after = await GetBuildAsync(build.Id);
        Assert.Equal((JobState.Failed, true, 1), (after.Jobs[0].State, after.Jobs[0].SoftFailed, after.Jobs[0].ExitStatus));
        Assert.Equal(JobState.Scheduled, after.Jobs[1].State);
        var deploy = await ClaimAndStartAsync("a1");
        await Store.Jobs.FinishAsync(deploy.Id, "a1", 0, Now, Ct);
        Assert.Equal(BuildState.Passed.ToName(), (await GetBuildAsync(build.Id)).State);
    }

    [Fact]
    public async Task RequestTimeoutsAsync_RunningPastTimeout_CancelReasonSetAndNonZeroExitTimesOut()
    {
        var build = await CreateBuildAsync("steps:\n  - command: sleep 3600\n    timeout_in_minutes: 1\n  - command: make other\n");
        await RegisterAsync("a1");
        await RegisterAsync("a2");
        var slow = await ClaimAndStartAsync("a1");
        var other = await ClaimAndStartAsync("a2");

        Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await Store.Jobs.RequestTimeoutsAsync(Now, Ct));
        Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await Store.Jobs.RequestTimeoutsAsync(Now, Ct));
        Assert.Equal(0, await Store.Jobs.RequestTimeoutsAsync(Now, Ct));

        Assert.Equal(CancelReasons.Timeout, (await GetJobAsync(slow.Id)).CancelReason);
        Assert.Null((await GetJobAsync(other.Id)).CancelReason);
        Assert.Equal([slow.Id], (await Store.Agents.HeartbeatAsync("a1", Now, Ct)).CancelJobs);
        Assert.True((await Store.Jobs.AppendLogAsync(slow.Id, "a1", 0, 0, "x"u8.ToArray(), Ct)).Cancel);

        await Store.Jobs.FinishAsync(slow.Id, "a1", 143, Now, Ct);
        await Store.Jobs.FinishAsync(other.Id, "a2", 0, Now, Ct);
        var after = await GetBuildAsync(build.Id);
        Assert.Equal([JobState.TimedOut, JobState.Passed], after.Jobs.Select(j => j.State));
        Assert.Equal(BuildState.Failed.ToName(), after.State);
    }
}
