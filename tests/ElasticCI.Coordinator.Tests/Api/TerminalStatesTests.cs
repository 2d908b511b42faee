using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Protocol;
using ElasticCI.Scaling;

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

    [Fact]
    public void IsBuildFinished_EveryBuildState_AgreesWithBuildStates()
    {
        foreach (var state in Enum.GetValues<BuildState>())
        {
            Assert.True(state.IsTerminal() == TerminalStates.IsBuildFinished(state.ToName()), state.ToName());
        }
    }

    [Fact]
    public void IsInstanceGone_EveryInstanceState_AgreesWithInstanceStates()
    {
        foreach (var state in Enum.GetValues<InstanceState>())
        {
            Assert.True(state.IsTerminal() == TerminalStates.IsInstanceGone(state.ToName()), state.ToName());
            Assert.Equal(state, InstanceStates.Parse(state.ToName()));
        }
    }

    [Fact]
    public void IsBuildPassed_OnlyThePassedBuildState()
        => Assert.Equal([BuildState.Passed.ToName()], Enum.GetValues<BuildState>().Select(s => s.ToName()).Where(TerminalStates.IsBuildPassed));

    [Fact]
    public void InstanceStates_UnknownName_IsRefused()
        => Assert.Throws<FormatException>(() => InstanceStates.Parse("exploded"));
}
