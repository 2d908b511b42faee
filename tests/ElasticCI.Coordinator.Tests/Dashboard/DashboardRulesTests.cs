using System.Text;
using ElasticCI.Coordinator.Dashboard;

namespace ElasticCI.Coordinator.Tests.Dashboard;

public sealed class DashboardRulesTests
{
    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/builds/1?x=2", "/builds/1?x=2")]
    [InlineData("https://evil.example", null)]
    [InlineData("//evil.example", null)]
    [InlineData("/\\evil.example", null)]
    [InlineData("/a\\b", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("/a\nb", null)]
    public void LocalPath_KeepsOnlyLocalPaths(string? next, string? expected)
        => Assert.Equal(expected, DashboardSessions.LocalPath(next));

    [Fact]
    public void CompleteUtf8Length_SplitCharacter_HoldsItBackUntilComplete()
    {
        var bytes = Encoding.UTF8.GetBytes("ab→");
        Assert.Equal(2, EventStreamEndpoints.CompleteUtf8Length(bytes[..4], complete: false));
        Assert.Equal(5, EventStreamEndpoints.CompleteUtf8Length(bytes, complete: false));
        Assert.Equal(4, EventStreamEndpoints.CompleteUtf8Length(bytes[..4], complete: true));
        Assert.Equal(3, EventStreamEndpoints.CompleteUtf8Length(Encoding.UTF8.GetBytes("abc"), complete: false));
    }

    [Fact]
    public void TryUseLoginToken_WorksOnceAndOnlyWithTheToken()
    {
        var sessions = new DashboardSessions(TimeProvider.System);
        var token = sessions.LoginToken!;
        Assert.False(sessions.TryUseLoginToken("wrong"));
        Assert.True(sessions.TryUseLoginToken(token));
        Assert.False(sessions.TryUseLoginToken(token));
        Assert.Null(sessions.LoginToken);
    }
}
