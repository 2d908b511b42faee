using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Storage;

namespace ElasticCI.Lifecycle;

public sealed class SmallDecisionsTests
{
    [Fact]
    public void StartDecision_Assigned_StartsWithTransition()
        => Assert.Equal((StartOutcome.Started, true), StartDecision.Decide(JobState.Assigned, null));

    [Fact]
    public void StartDecision_AlreadyRunning_StartedWithoutTransition()
        => Assert.Equal((StartOutcome.Started, false), StartDecision.Decide(JobState.Running, null));

    [Theory]
    [InlineData("assigned", CancelReasons.Cancel)]
    [InlineData("canceled", null)]
    [InlineData("scheduled", null)]
    public void StartDecision_CanceledOrGone_Canceled(string state, string? reason)
        => Assert.Equal((StartOutcome.Canceled, false), StartDecision.Decide(JobStates.Parse(state), reason));

    [Theory]
    [InlineData("assigned", null, "scheduled")]
    [InlineData("assigned", CancelReasons.Cancel, "canceled")]
    [InlineData("running", null, "lost")]
    [InlineData("running", CancelReasons.Cancel, "lost")]
    public void LostAgentDecision_For_FollowsWhetherTheJobStarted(string state, string? reason, string expected)
    {
        var to = LostAgentDecision.For(JobStates.Parse(state), reason);

        Assert.Equal(expected, to.ToName());
        Assert.True(JobStates.CanTransition(JobStates.Parse(state), to));
    }

    [Fact]
    public void TriggerOutcome_OnStart_NoBuildFailsAsyncPassesElseRuns()
    {
        Assert.Equal((JobState.Failed, (int?)-1, true), TriggerOutcome.OnStart(null, async: false));
        Assert.Equal((JobState.Passed, (int?)0, true), TriggerOutcome.OnStart("b", async: true));
        Assert.Equal((JobState.Running, (int?)null, false), TriggerOutcome.OnStart("b", async: false));
        Assert.True(JobStates.CanTransition(JobKind.Trigger, JobState.Scheduled, JobState.Running));
    }

    [Theory]
    [InlineData("passed", "passed", 0)]
    [InlineData("failed", "failed", 1)]
    [InlineData("canceled", "failed", 1)]
    public void TriggerOutcome_OnTriggeredBuildFinished_FollowsTheBuild(string buildState, string expected, int exitStatus)
        => Assert.Equal((JobStates.Parse(expected), exitStatus), TriggerOutcome.OnTriggeredBuildFinished(BuildStates.Parse(buildState).ToName()));

    [Theory]
    [InlineData(CancelReasons.SpotInterruption, null, "canceled", true)]
    [InlineData(CancelReasons.SpotInterruption, null, "lost", true)]
    [InlineData(CancelReasons.SpotInterruption, null, "passed", false)]
    [InlineData(CancelReasons.SpotInterruption, "retry", "canceled", false)]
    [InlineData(CancelReasons.Cancel, null, "canceled", false)]
    public void RetryRules_RetriesInterrupted_OnlyUnretriedUnpassedSpotJobs(string reason, string? retriedBy, string state, bool expected)
        => Assert.Equal(expected, RetryRules.RetriesInterrupted(reason, retriedBy, JobStates.Parse(state)));

    [Fact]
    public void UnblockDecision_CanUnblock_OnlyCurrentBlockedJobs()
    {
        Assert.True(UnblockDecision.CanUnblock(JobState.Blocked, retried: false));
        Assert.False(UnblockDecision.CanUnblock(JobState.Blocked, retried: true));
        Assert.False(UnblockDecision.CanUnblock(JobState.Pending, retried: false));
    }
}
