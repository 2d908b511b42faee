using ElasticCI.Pipelines;

namespace ElasticCI.Jobs;

public sealed class JobOutcomeTests
{
    [Fact]
    public void Decide_ExitZero_Passed()
        => Assert.Equal((JobState.Passed, false), JobOutcome.Decide(0, null, SoftFail.Never));

    [Fact]
    public void Decide_ExitZeroWithSoftFailAny_PassedNotSoft()
        => Assert.Equal((JobState.Passed, false), JobOutcome.Decide(0, null, SoftFail.Always));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(255)]
    public void Decide_NonZeroExit_Failed(int exitStatus)
        => Assert.Equal((JobState.Failed, false), JobOutcome.Decide(exitStatus, null, SoftFail.Never));

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(-1)]
    public void Decide_NonZeroExitWithSoftFailAny_FailedSoft(int exitStatus)
        => Assert.Equal((JobState.Failed, true), JobOutcome.Decide(exitStatus, null, SoftFail.Always));

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(2, false)]
    [InlineData(4, false)]
    public void Decide_SoftFailList_SoftOnlyForListedStatuses(int exitStatus, bool soft)
        => Assert.Equal((JobState.Failed, soft), JobOutcome.Decide(exitStatus, null, new SoftFail(false, [1, 3])));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(143)]
    public void Decide_CancelReasonCancel_Canceled(int exitStatus)
        => Assert.Equal((JobState.Canceled, false), JobOutcome.Decide(exitStatus, CancelReasons.Cancel, SoftFail.Always));

    [Fact]
    public void Decide_TimeoutWithExitZero_Passed()
        => Assert.Equal((JobState.Passed, false), JobOutcome.Decide(0, CancelReasons.Timeout, SoftFail.Never));

    [Theory]
    [InlineData(1)]
    [InlineData(143)]
    [InlineData(-1)]
    public void Decide_TimeoutWithNonZeroExit_TimedOut(int exitStatus)
        => Assert.Equal((JobState.TimedOut, false), JobOutcome.Decide(exitStatus, CancelReasons.Timeout, SoftFail.Always));
}
