using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

public sealed class TriggerStartDecisionTests
{
    [Fact]
    public void Decide_ScheduledTriggerWithBuild_RunsWithoutLog()
        => Assert.Equal(new TriggerStart(JobState.Running, null, null),
            TriggerStartDecision.Decide(JobKind.Trigger, JobState.Scheduled, "b1", async: false, failure: null));

    [Fact]
    public void Decide_AsyncTriggerWithBuild_PassesAtOnce()
        => Assert.Equal(new TriggerStart(JobState.Passed, 0, null),
            TriggerStartDecision.Decide(JobKind.Trigger, JobState.Scheduled, "b1", async: true, failure: "ignored"));

    [Fact]
    public void Decide_NoBuild_FailsWithTheFailureAsItsLog()
        => Assert.Equal(new TriggerStart(JobState.Failed, -1, "no pipeline 'x'\n"),
            TriggerStartDecision.Decide(JobKind.Trigger, JobState.Scheduled, null, async: false, failure: "no pipeline 'x'"));

    [Fact]
    public void Decide_NoBuildNoFailureText_FailsWithoutLog()
        => Assert.Equal(new TriggerStart(JobState.Failed, -1, null),
            TriggerStartDecision.Decide(JobKind.Trigger, JobState.Scheduled, null, async: false, failure: null));

    [Theory]
    [InlineData("running")]
    [InlineData("passed")]
    [InlineData("canceled")]
    [InlineData("pending")]
    public void Decide_TriggerNotScheduled_Nothing(string state)
        => Assert.Null(TriggerStartDecision.Decide(JobKind.Trigger, JobStates.Parse(state), "b1", async: false, failure: null));

    [Fact]
    public void Decide_CommandJob_Nothing()
        => Assert.Null(TriggerStartDecision.Decide(JobKind.Command, JobState.Scheduled, "b1", async: false, failure: null));

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void Decide_EveryStart_IsAMoveTheStateTableAllows(bool noBuild, bool async)
    {
        var start = TriggerStartDecision.Decide(JobKind.Trigger, JobState.Scheduled, noBuild ? null : "b1", async, "f");

        Assert.NotNull(start);
        Assert.True(JobStates.CanTransition(JobKind.Trigger, JobState.Scheduled, start.State));
    }
}
