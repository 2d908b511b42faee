using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

public sealed class CancelDecisionTests
{
    [Theory]
    [InlineData("assigned", "AskTheAgent")]
    [InlineData("running", "AskTheAgent")]
    [InlineData("pending", "CancelNow")]
    [InlineData("scheduled", "CancelNow")]
    [InlineData("blocked", "CancelNow")]
    [InlineData("passed", "None")]
    [InlineData("broken", "None")]
    [InlineData("canceled", "None")]
    public void Decide_ByState(string state, string expected)
        => Assert.Equal(Enum.Parse<CancelAction>(expected), CancelDecision.Decide(JobStates.Parse(state)));

    [Fact]
    public void Decide_EveryStateItCancelsNow_TheStateTableAllowsForSomeKind()
    {
        foreach (var state in Enum.GetValues<JobState>().Where(s => CancelDecision.Decide(s) == CancelAction.CancelNow))
        {
            Assert.True(Enum.GetValues<JobKind>().Any(kind => JobStates.CanTransition(kind, state, JobState.Canceled)), state.ToName());
        }
    }

    [Fact]
    public void Decide_EveryUnfinishedState_DoesSomething()
        => Assert.All(Enum.GetValues<JobState>().Where(s => !s.IsTerminal()), s => Assert.NotEqual(CancelAction.None, CancelDecision.Decide(s)));
}
