using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task FinishAsync_AutomaticRuleMatches_NewJobReplacesOldAndDependantsFollowIt()
    {
        var build = await CreateBuildAsync("""
            steps:
              - key: flaky
                command: make flaky
                retry:
                  automatic: [{exit_status: 7, limit: 1}]
              - depends_on: flaky
                command: make deploy
            """);
        await RegisterAsync("a1");
        var first = await ClaimAndStartAsync("a1");

        await Store.Jobs.FinishAsync(first.Id, "a1", 7, null, null, Now, Ct);

        var after = await GetBuildAsync(build.Id);
        var retry = Assert.Single(after.Jobs, j => j.RetryCount == 1);
        Assert.Equal((JobState.Failed, retry.Id), (after.Jobs.Single(j => j.Id == first.Id).State, after.Jobs.Single(j => j.Id == first.Id).RetriedBy));
        Assert.Equal(JobState.Scheduled, retry.State);
        Assert.Equal([retry.Id], after.Jobs.Single(j => j.Command == "make deploy").DependsOn);
        Assert.Equal(BuildState.Running.ToName(), after.State);
        var second = await ClaimAndStartAsync("a1");
        Assert.Equal(retry.Id, second.Id);

        // The rule's limit is spent: the second failure is final.
        await Store.Jobs.FinishAsync(second.Id, "a1", 7, null, null, Now, Ct);

        var final = await GetBuildAsync(build.Id);
        Assert.Equal(3, final.Jobs.Count);
        Assert.Equal(BuildState.Failed.ToName(), final.State);
        Assert.Equal(JobState.Broken, final.Jobs.Single(j => j.Command == "make deploy").State);
    }

    [Fact]
    public async Task FinishAsync_NoRuleMatchesOrCanceled_NotRetried()
    {
        var build = await CreateBuildAsync("""
            steps:
              - command: make one
                retry: {automatic: {exit_status: 7}}
              - command: make two
                retry: {automatic: true}
            """);
        await RegisterAsync("a1");
        await RegisterAsync("a2");
        var one = await ClaimAndStartAsync("a1");
        var two = await ClaimAndStartAsync("a2");
        await Store.Jobs.FinishAsync(one.Id, "a1", 1, null, null, Now, Ct);
        await Store.Builds.CancelBuildAsync(build.Id, Now, Ct);

        await Store.Jobs.FinishAsync(two.Id, "a2", 143, "SIGTERM", "cancel", Now, Ct);

        var after = await GetBuildAsync(build.Id);
        Assert.Equal(2, after.Jobs.Count);
        Assert.Equal(BuildState.Canceled.ToName(), after.State);
    }

    [Fact]
    public async Task RetryJobAsync_FailedJob_BuildRunsAgainAndPassesWhenRetryPasses()
    {
        var build = await CreateBuildAsync("steps:\n  - command: make flaky\n  - wait\n  - command: make deploy\n");
        await RegisterAsync("a1");
        var first = await ClaimAndStartAsync("a1");
        await Store.Jobs.FinishAsync(first.Id, "a1", 1, Now, Ct);
        Assert.Equal(BuildState.Failed.ToName(), (await GetBuildAsync(build.Id)).State);

        var result = await Store.Jobs.RetryJobAsync(first.Id, Now, Ct);

        Assert.Equal(RetryOutcome.Retried, result.Outcome);
        Assert.Equal(BuildState.Running.ToName(), (await GetBuildAsync(build.Id)).State);
        Assert.Equal(JobState.Pending, (await GetBuildAsync(build.Id)).Jobs.Single(j => j.Command == "make deploy").State);
        Assert.Equal(RetryOutcome.NotFinished, (await Store.Jobs.RetryJobAsync(first.Id, Now, Ct)).Outcome);
        var second = await ClaimAndStartAsync("a1");
        Assert.Equal(RetryOutcome.NotFinished, (await Store.Jobs.RetryJobAsync(second.Id, Now, Ct)).Outcome);
        await Store.Jobs.FinishAsync(second.Id, "a1", 0, Now, Ct);
        var deploy = await ClaimAndStartAsync("a1");
        await Store.Jobs.FinishAsync(deploy.Id, "a1", 0, Now, Ct);
        Assert.Equal(BuildState.Passed.ToName(), (await GetBuildAsync(build.Id)).State);
    }

    [Fact]
    public async Task RetryJobAsync_ManualRetryForbiddenOrUnknownJob_Refused()
    {
        var build = await CreateBuildAsync("""
            steps:
              - command: make one
                retry: {manual: {allowed: false, reason: "not twice"}}
              - command: make two
                retry: {manual: {permit_on_passed: false}}
            """);
        await RegisterAsync("a1");
        await RegisterAsync("a2");
        var one = await ClaimAndStartAsync("a1");
        var two = await ClaimAndStartAsync("a2");
        await Store.Jobs.FinishAsync(one.Id, "a1", 1, Now, Ct);
        await Store.Jobs.FinishAsync(two.Id, "a2", 0, Now, Ct);

        var forbidden = await Store.Jobs.RetryJobAsync(one.Id, Now, Ct);

        Assert.Equal(RetryOutcome.NotAllowed, forbidden.Outcome);
        Assert.Contains("not twice", forbidden.Reason, StringComparison.Ordinal);
        Assert.Equal(RetryOutcome.NotAllowed, (await Store.Jobs.RetryJobAsync(two.Id, Now, Ct)).Outcome);
        Assert.Equal(RetryOutcome.NotFound, (await Store.Jobs.RetryJobAsync("missing", Now, Ct)).Outcome);
        Assert.Equal(2, (await GetBuildAsync(build.Id)).Jobs.Count);
    }
}
