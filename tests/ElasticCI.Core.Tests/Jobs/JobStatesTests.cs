using ElasticCI.Builds;

namespace ElasticCI.Jobs;

public sealed class JobStatesTests
{
    [Theory]
    [InlineData("pending")]
    [InlineData("scheduled")]
    [InlineData("assigned")]
    [InlineData("running")]
    [InlineData("passed")]
    [InlineData("failed")]
    [InlineData("canceled")]
    [InlineData("timed_out")]
    [InlineData("lost")]
    [InlineData("skipped")]
    [InlineData("broken")]
    [InlineData("blocked")]
    public void Parse_WireName_RoundTrips(string name)
        => Assert.Equal(name, JobStates.Parse(name).ToName());

    [Fact]
    public void ToName_EveryState_RoundTripsThroughParse()
    {
        foreach (var state in Enum.GetValues<JobState>())
        {
            Assert.Equal(state, JobStates.Parse(state.ToName()));
        }
        Assert.Equal("timed_out", JobState.TimedOut.ToName());
    }

    [Theory]
    [InlineData("timedout")]
    [InlineData("TimedOut")]
    [InlineData("PASSED")]
    [InlineData("")]
    public void Parse_UnknownName_Throws(string name)
    {
        var ex = Assert.Throws<FormatException>(() => JobStates.Parse(name));
        Assert.Equal($"Unknown job state '{name}'.", ex.Message);
    }

    [Fact]
    public void IsTerminal_EveryState_OnlyFinalStates()
    {
        var terminal = Enum.GetValues<JobState>().Where(s => s.IsTerminal()).Select(s => s.ToName()).Order(StringComparer.Ordinal);

        Assert.Equal(["broken", "canceled", "failed", "lost", "passed", "skipped", "timed_out"], terminal);
    }

    [Fact]
    public void IsOnAgent_EveryState_AssignedAndRunningOnly()
    {
        var onAgent = Enum.GetValues<JobState>().Where(s => s.IsOnAgent()).Select(s => s.ToName()).Order(StringComparer.Ordinal);

        Assert.Equal(["assigned", "running"], onAgent);
    }

    [Theory]
    [InlineData("pending", "scheduled")]
    [InlineData("pending", "canceled")]
    [InlineData("pending", "broken")]
    [InlineData("broken", "pending")]
    [InlineData("scheduled", "assigned")]
    [InlineData("scheduled", "canceled")]
    [InlineData("assigned", "running")]
    [InlineData("assigned", "canceled")]
    [InlineData("assigned", "scheduled")]
    [InlineData("running", "passed")]
    [InlineData("running", "failed")]
    [InlineData("running", "canceled")]
    [InlineData("running", "timed_out")]
    [InlineData("running", "lost")]
    public void CanTransition_AllowedPair_True(string from, string to)
        => Assert.True(JobStates.CanTransition(JobStates.Parse(from), JobStates.Parse(to)));

    [Theory]
    [InlineData("pending", "running")]
    [InlineData("pending", "passed")]
    [InlineData("pending", "assigned")]
    [InlineData("blocked", "running")]
    [InlineData("scheduled", "running")]
    [InlineData("scheduled", "passed")]
    [InlineData("scheduled", "pending")]
    [InlineData("assigned", "passed")]
    [InlineData("assigned", "failed")]
    [InlineData("assigned", "timed_out")]
    [InlineData("assigned", "lost")]
    [InlineData("pending", "skipped")]
    [InlineData("pending", "blocked")]
    [InlineData("blocked", "scheduled")]
    [InlineData("blocked", "passed")]
    [InlineData("scheduled", "skipped")]
    [InlineData("running", "scheduled")]
    [InlineData("running", "assigned")]
    [InlineData("running", "running")]
    [InlineData("passed", "failed")]
    [InlineData("passed", "scheduled")]
    [InlineData("failed", "passed")]
    [InlineData("canceled", "scheduled")]
    [InlineData("timed_out", "running")]
    [InlineData("lost", "scheduled")]
    [InlineData("broken", "scheduled")]
    [InlineData("skipped", "scheduled")]
    public void CanTransition_RefusedPair_False(string from, string to)
        => Assert.False(JobStates.CanTransition(JobStates.Parse(from), JobStates.Parse(to)));

    [Theory]
    [InlineData("Trigger", "pending", "scheduled")]
    [InlineData("Trigger", "scheduled", "running")]
    [InlineData("Trigger", "scheduled", "passed")]
    [InlineData("Trigger", "scheduled", "failed")]
    [InlineData("Trigger", "running", "passed")]
    [InlineData("Trigger", "running", "failed")]
    [InlineData("Block", "pending", "blocked")]
    [InlineData("Block", "blocked", "passed")]
    [InlineData("Input", "blocked", "canceled")]
    [InlineData("Input", "broken", "pending")]
    public void CanTransition_KindSpecificPair_True(string kind, string from, string to)
        => Assert.True(JobStates.CanTransition(Enum.Parse<JobKind>(kind), JobStates.Parse(from), JobStates.Parse(to)));

    [Theory]
    [InlineData("Trigger", "scheduled", "assigned")]
    [InlineData("Trigger", "running", "lost")]
    [InlineData("Block", "pending", "scheduled")]
    [InlineData("Block", "blocked", "running")]
    [InlineData("Command", "blocked", "passed")]
    [InlineData("Command", "pending", "blocked")]
    public void CanTransition_KindSpecificPair_False(string kind, string from, string to)
        => Assert.False(JobStates.CanTransition(Enum.Parse<JobKind>(kind), JobStates.Parse(from), JobStates.Parse(to)));

    [Fact]
    public void EnsureTransition_ForbiddenPair_Throws()
    {
        var error = Assert.Throws<InvalidJobTransitionException>(() => JobStates.EnsureTransition(JobKind.Command, JobState.Assigned, JobState.Passed));
        Assert.Equal((JobState.Assigned, JobState.Passed), (error.From, error.To));
    }

    [Fact]
    public void CanTransition_FromTerminalState_OnlyBrokenBackToPending()
    {
        foreach (var kind in Enum.GetValues<JobKind>())
        {
            foreach (var from in Enum.GetValues<JobState>().Where(s => s.IsTerminal()))
            {
                foreach (var to in Enum.GetValues<JobState>())
                {
                    var expected = from == JobState.Broken && to == JobState.Pending;
                    Assert.True(expected == JobStates.CanTransition(kind, from, to), $"{kind}: {from.ToName()} → {to.ToName()}");
                }
            }
        }
    }
}
