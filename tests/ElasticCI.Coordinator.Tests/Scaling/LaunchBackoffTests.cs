using ElasticCI.Coordinator.Scaling;

namespace ElasticCI.Coordinator.Tests.Scaling;

public sealed class LaunchBackoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MayLaunch_AfterFailures_WaitsDoublingUpToSixtySeconds()
    {
        var backoff = new LaunchBackoff();

        var waits = Enumerable.Range(0, 7).Select(_ => backoff.Failed("ci", Now).TotalSeconds).ToList();

        Assert.Equal([2.0, 4, 8, 16, 32, 60, 60], waits);
        Assert.False(backoff.MayLaunch("ci", Now));
        Assert.False(backoff.MayLaunch("ci", Now.AddSeconds(59)));
        Assert.True(backoff.MayLaunch("ci", Now.AddSeconds(60)));
    }

    [Fact]
    public void MayLaunch_OtherStackOrAfterSuccess_NotHeldBack()
    {
        var backoff = new LaunchBackoff();
        backoff.Failed("ci", Now);

        Assert.True(backoff.MayLaunch("other", Now));
        backoff.Succeeded("ci");
        Assert.True(backoff.MayLaunch("ci", Now));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Failed("ci", Now));
    }
}
