using ElasticCI.Pipelines;

namespace ElasticCI.Jobs;

public sealed class AutomaticRetryTests
{
    private static readonly ManualRetry Manual = new(true, true, null);

    [Theory]
    [InlineData("Failed", 1, 0)]
    [InlineData("Lost", -1, 0)]
    [InlineData("TimedOut", 143, 0)]
    [InlineData("Canceled", 143, null)]
    [InlineData("Passed", 0, null)]
    public void Match_AnyStatusRule_RetriesFailuresButNeverCanceled(string state, int exitStatus, int? expected)
        => Assert.Equal(expected, AutomaticRetry.Match(Policy(new AutomaticRetryRule(null, null, null, 2)), Enum.Parse<JobState>(state), exitStatus, null, null, []));

    [Fact]
    public void Match_FirstMatchingRuleApplies_EachWithItsOwnCounter()
    {
        var policy = Policy(new AutomaticRetryRule([7], null, null, 1), new AutomaticRetryRule(null, null, null, 3));

        Assert.Equal(0, AutomaticRetry.Match(policy, JobState.Failed, 7, null, null, []));
        Assert.Null(AutomaticRetry.Match(policy, JobState.Failed, 7, null, null, [1]));
        Assert.Equal(1, AutomaticRetry.Match(policy, JobState.Failed, 2, null, null, [1]));
        Assert.Null(AutomaticRetry.Match(policy, JobState.Failed, 2, null, null, [1, 3]));
    }

    [Fact]
    public void Match_SignalAndReason_MustMatch()
    {
        var policy = Policy(new AutomaticRetryRule(null, "kill", "agent_stop", 2));

        Assert.Equal(0, AutomaticRetry.Match(policy, JobState.Failed, 137, "SIGKILL", "agent_stop", []));
        Assert.Null(AutomaticRetry.Match(policy, JobState.Failed, 137, "SIGKILL", null, []));
        Assert.Null(AutomaticRetry.Match(policy, JobState.Failed, 143, "SIGTERM", "agent_stop", []));
        Assert.Null(AutomaticRetry.Match(Policy(new AutomaticRetryRule(null, "none", null, 2)), JobState.Failed, 137, "SIGKILL", null, []));
    }

    [Fact]
    public void Match_NoPolicy_NotRetried()
        => Assert.Null(AutomaticRetry.Match(null, JobState.Failed, 1, null, null, []));

    [Fact]
    public void Count_IncrementsOnlyThatRule()
        => Assert.Equal([1, 3], AutomaticRetry.Count([1, 2], 1));

    private static RetryPolicy Policy(params AutomaticRetryRule[] rules) => new(rules, Manual);
}
