namespace ElasticCI.Cluster;

public sealed class LaunchFenceDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    [Fact]
    public void Check_SameTermWithMoreThanTheMarginLeft_Proceeds()
        => Assert.Equal(ProviderCallVerdict.Proceed, LaunchFenceDecision.Check(7, new LeaderTerm(7, Now.AddSeconds(5)), Now, Margin));

    [Fact]
    public void Check_ExactlyTheMarginLeft_Proceeds()
        => Assert.Equal(ProviderCallVerdict.Proceed, LaunchFenceDecision.Check(7, new LeaderTerm(7, Now + Margin), Now, Margin));

    [Fact]
    public void Check_SameTermEndingWithinTheMargin_TooLittleTimeLeft()
        => Assert.Equal(ProviderCallVerdict.TooLittleTimeLeft, LaunchFenceDecision.Check(7, new LeaderTerm(7, Now.AddSeconds(1.9)), Now, Margin));

    [Fact]
    public void Check_NoLongerLeading_TermEnded()
        => Assert.Equal(ProviderCallVerdict.TermEnded, LaunchFenceDecision.Check(7, null, Now, Margin));

    [Fact]
    public void Check_LeadingInANewerTerm_TermEnded()
        // The replica lost its term and won the next one: the launch was decided in the old term, on what it read then.
        => Assert.Equal(ProviderCallVerdict.TermEnded, LaunchFenceDecision.Check(7, new LeaderTerm(8, Now.AddSeconds(8)), Now, Margin));

    [Fact]
    public void Check_LeadThatNeverExpires_Proceeds()
        => Assert.Equal(ProviderCallVerdict.Proceed, LaunchFenceDecision.Check(1, new LeaderTerm(1, DateTimeOffset.MaxValue), Now, TimeSpan.Zero));

    [Fact]
    public void Margin_ConfiguredOrAQuarterOfTheLeaseOrZeroWithoutLease()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), LaunchFenceDecision.Margin(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(8)));
        Assert.Equal(TimeSpan.FromSeconds(2), LaunchFenceDecision.Margin(null, TimeSpan.FromSeconds(8)));
        Assert.Equal(TimeSpan.Zero, LaunchFenceDecision.Margin(TimeSpan.FromSeconds(3), null));
    }

    [Fact]
    public void GraceWindow_LeasePlusLaunchCallBound_ZeroWithoutLease()
    {
        Assert.Equal(TimeSpan.FromSeconds(38), LaunchFenceDecision.GraceWindow(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.Zero, LaunchFenceDecision.GraceWindow(null, TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(0, false, true)]
    [InlineData(9.9, false, true)]
    [InlineData(10, false, false)]
    [InlineData(60, false, false)]
    [InlineData(1, true, false)]
    public void LeaveAlone_UnknownToProviderWithinGrace_Only(double ageSeconds, bool knownToProvider, bool expected)
        => Assert.Equal(expected, LaunchFenceDecision.LeaveAlone(Now.AddSeconds(-ageSeconds), Now, knownToProvider, TimeSpan.FromSeconds(10)));

    [Fact]
    public void LeaveAlone_ZeroGrace_NeverLeavesAlone()
        // One coordinator alone: its own launches in flight are known to it; nothing else is waited for.
        => Assert.False(LaunchFenceDecision.LeaveAlone(Now, Now, knownToProvider: false, TimeSpan.Zero));
}
