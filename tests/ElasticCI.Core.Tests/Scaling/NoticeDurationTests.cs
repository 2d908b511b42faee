namespace ElasticCI.Scaling;

public sealed class NoticeDurationTests
{
    [Theory]
    [InlineData(null, 120)]
    [InlineData("120s", 120)]
    [InlineData("2m", 120)]
    [InlineData("90", 90)]
    [InlineData(" 5s ", 5)]
    [InlineData("60m", 3600)]
    public void TryParse_ValidNotice_Seconds(string? text, int seconds)
    {
        Assert.True(NoticeDuration.TryParse(text, out var duration, out var error));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("soon", "is not a duration like 120s, 2m or 90")]
    [InlineData("-5s", "is not a duration like 120s, 2m or 90")]
    [InlineData("1.5m", "is not a duration like 120s, 2m or 90")]
    [InlineData("", "is not a duration like 120s, 2m or 90")]
    [InlineData("0s", "must be between 1s and 60m")]
    [InlineData("61m", "must be between 1s and 60m")]
    public void TryParse_BadNotice_Refused(string text, string expected)
    {
        Assert.False(NoticeDuration.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
