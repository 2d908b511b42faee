using ElasticCI.Jobs;
using ElasticCI.Pipelines;
using ElasticCI.Storage;

namespace ElasticCI.Lifecycle;

public sealed class FinishDecisionTests
{
    [Fact]
    public void Decide_RunningExitZero_Passed()
        => Assert.Equal(new FinishVerdict(FinishOutcome.Finished, JobState.Passed, false), FinishDecision.Decide(JobState.Running, null, 0, SoftFail.Never));

    [Fact]
    public void Decide_RunningSoftFailExit_FailedSoftly()
        => Assert.Equal(new FinishVerdict(FinishOutcome.Finished, JobState.Failed, true), FinishDecision.Decide(JobState.Running, null, 1, SoftFail.Always));

    [Fact]
    public void Decide_AssignedNeverStartedExitZero_NotStartedAndNotPassed()
    {
        var verdict = FinishDecision.Decide(JobState.Assigned, null, 0, SoftFail.Never);

        Assert.Equal(FinishOutcome.NotStarted, verdict.Outcome);
        Assert.False(JobStates.CanTransition(JobState.Assigned, JobState.Passed));
    }

    [Theory]
    [InlineData(null, -1)]
    [InlineData(CancelReasons.Cancel, 0)]
    public void Decide_AssignedRefusedByAgent_Canceled(string? cancelReason, int exitStatus)
        => Assert.Equal(new FinishVerdict(FinishOutcome.Finished, JobState.Canceled, false),
            FinishDecision.Decide(JobState.Assigned, cancelReason, exitStatus, SoftFail.Never));

    [Fact]
    public void Decide_AlreadyFinished_Repeat()
        => Assert.Equal(FinishOutcome.AlreadyFinished, FinishDecision.Decide(JobState.Lost, null, 0, SoftFail.Never).Outcome);

    [Fact]
    public void Decide_EveryFinishedVerdict_IsAllowedByTheStateTable()
    {
        foreach (var state in new[] { JobState.Assigned, JobState.Running })
        {
            foreach (var reason in new[] { null, CancelReasons.Cancel, CancelReasons.Timeout, CancelReasons.SpotInterruption })
            {
                foreach (var exit in new[] { -1, 0, 1, 137 })
                {
                    var verdict = FinishDecision.Decide(state, reason, exit, SoftFail.Always);
                    Assert.True(verdict.Outcome != FinishOutcome.Finished || JobStates.CanTransition(state, verdict.State), $"{state} {reason} {exit} → {verdict.State}");
                }
            }
        }
    }
}
