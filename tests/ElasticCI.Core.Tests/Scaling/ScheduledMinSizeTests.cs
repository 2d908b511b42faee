using ElasticCI.Stacks;

namespace ElasticCI.Scaling;

public sealed class ScheduledMinSizeTests
{
    private static readonly StackDefinition Scheduled = new()
    {
        Name = "ci",
        Scaling = new() { MinSize = 2 },
        EnableScheduledScaling = true,
        ScaleUpMinSize = 5,
        ScaleDownMinSize = 1,
    };

    [Theory]
    // 2025-01-06 is a Monday. Defaults: up 08:00 MON-FRI, down 18:00 MON-FRI, UTC.
    [InlineData("2025-01-06T07:59:00Z", 1)]  // Monday before work: Friday's scale-down still holds
    [InlineData("2025-01-06T08:00:00Z", 5)]  // exactly at the fire time
    [InlineData("2025-01-06T12:00:00Z", 5)]
    [InlineData("2025-01-06T18:00:00Z", 1)]
    [InlineData("2025-01-11T12:00:00Z", 1)]  // Saturday noon
    [InlineData("2025-01-10T17:59:59Z", 5)]  // Friday afternoon
    public void Effective_DefaultSchedules_FollowsLatestFireTime(string now, int expected)
    {
        var (minSize, reason) = ScheduledMinSize.Effective(Scheduled, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, minSize);
        Assert.Contains($"→ MinSize {expected}", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Effective_Disabled_IsMinSize()
    {
        var (minSize, reason) = ScheduledMinSize.Effective(Scheduled with { EnableScheduledScaling = false }, new DateTimeOffset(2025, 1, 6, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal((2, ""), (minSize, reason));
    }

    [Fact]
    public void Effective_TimeZone_ReadsScheduleInZone()
    {
        var stack = Scheduled with { ScheduleTimezone = "America/New_York" };

        // 12:00 UTC on a Monday in January is 07:00 in New York: before 08:00 there.
        Assert.Equal(1, ScheduledMinSize.Effective(stack, new DateTimeOffset(2025, 1, 6, 12, 0, 0, TimeSpan.Zero)).MinSize);
        // 13:00 UTC is 08:00 in New York.
        Assert.Equal(5, ScheduledMinSize.Effective(stack, new DateTimeOffset(2025, 1, 6, 13, 0, 0, TimeSpan.Zero)).MinSize);
    }

    [Fact]
    public void Effective_NoFireInAYear_IsMinSize()
    {
        // 29 February fires only in leap years; 2025-03-05 is more than a year after 2024-02-29.
        var stack = Scheduled with { ScaleUpSchedule = "0 8 29 2 *", ScaleDownSchedule = "0 18 29 2 *" };

        var (minSize, reason) = ScheduledMinSize.Effective(stack, new DateTimeOffset(2025, 3, 5, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(2, minSize);
        Assert.Contains("no schedule fired", reason, StringComparison.Ordinal);
    }
}
