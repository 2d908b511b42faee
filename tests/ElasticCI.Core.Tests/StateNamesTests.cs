using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Scaling;
using ElasticCI.Storage;

namespace ElasticCI;

/// <summary>
/// Every state and action name as it goes on the wire (JSON, CLI output) and into the store: these strings are
/// contracts, so each is pinned here, in enum order, and each helper class reads back what it writes.
/// </summary>
public sealed class StateNamesTests
{
    [Fact]
    public void JobStates_Names_Pinned()
        => Assert.Equal(
            ["pending", "scheduled", "assigned", "running", "passed", "failed", "canceled", "timed_out", "lost", "skipped", "broken", "blocked"],
            Enum.GetValues<JobState>().Select(s => s.ToName()));

    [Fact]
    public void BuildStates_Names_Pinned()
        => Assert.Equal(
            ["scheduled", "running", "passed", "failed", "canceling", "blocked", "canceled"],
            Enum.GetValues<BuildState>().Select(s => s.ToName()));

    [Fact]
    public void AgentStates_Names_Pinned()
        => Assert.Equal(["idle", "busy", "draining", "disconnected", "lost"], Enum.GetValues<AgentState>().Select(s => s.ToName()));

    [Fact]
    public void InstanceStates_Names_Pinned()
        => Assert.Equal(["pending", "running", "draining", "terminating", "terminated"], Enum.GetValues<InstanceState>().Select(s => s.ToName()));

    [Fact]
    public void ScalingActions_Names_Pinned()
        => Assert.Equal(["out", "in", "none", "cooldown", "disabled"], Enum.GetValues<ScalingAction>().Select(s => s.ToName()));

    [Fact]
    public void Parse_EveryName_ReadsBackItsValue()
    {
        Assert.All(Enum.GetValues<JobState>(), s => Assert.Equal(s, JobStates.Parse(s.ToName())));
        Assert.All(Enum.GetValues<BuildState>(), s => Assert.Equal(s, BuildStates.Parse(s.ToName())));
        Assert.All(Enum.GetValues<AgentState>(), s => Assert.Equal(s, AgentStates.Parse(s.ToName())));
        Assert.All(Enum.GetValues<InstanceState>(), s => Assert.Equal(s, InstanceStates.Parse(s.ToName())));
        Assert.All(Enum.GetValues<ScalingAction>(), s => Assert.Equal(s, ScalingActions.Parse(s.ToName())));
    }

    [Fact]
    public void Parse_UnknownName_Refused()
    {
        Assert.Throws<FormatException>(() => BuildStates.Parse("exploded"));
        Assert.Throws<FormatException>(() => AgentStates.Parse("Idle"));
        Assert.Throws<FormatException>(() => ScalingActions.Parse("sideways"));
    }

    [Fact]
    public void IsTerminal_FinalStatesOnly()
    {
        Assert.Equal([BuildState.Passed, BuildState.Failed, BuildState.Canceled], Enum.GetValues<BuildState>().Where(s => s.IsTerminal()));
        Assert.Equal([AgentState.Disconnected, AgentState.Lost], Enum.GetValues<AgentState>().Where(s => s.IsTerminal()));
        Assert.Equal([AgentState.Idle, AgentState.Busy, AgentState.Draining], Enum.GetValues<AgentState>().Where(s => s.IsConnected()));
    }
}
