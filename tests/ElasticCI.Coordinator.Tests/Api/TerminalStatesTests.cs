using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Protocol;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>The wire's terminal-state helper says what the coordinator's own rules say, for every state.</summary>
public sealed class TerminalStatesTests
{
    [Fact]
    public void IsJobFinished_EveryJobState_AgreesWithJobStates()
    {
        foreach (var state in Enum.GetValues<JobState>())
        {
            Assert.True(state.IsTerminal() == TerminalStates.IsJobFinished(state.ToName()), state.ToName());
        }
    }

    [Theory]
    [InlineData(BuildState.Scheduled)]
    [InlineData(BuildState.Running)]
    [InlineData(BuildState.Passed)]
    [InlineData(BuildState.Failed)]
    [InlineData(BuildState.Canceling)]
    [InlineData(BuildState.Blocked)]
    [InlineData(BuildState.Canceled)]
    public void IsBuildFinished_EveryBuildState_AgreesWithBuildState(string state)
        => Assert.Equal(BuildState.IsFinished(state), TerminalStates.IsBuildFinished(state));
}
