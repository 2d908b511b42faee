using System.Net;
using ElasticCI.Client;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary><c>POST /api/v1/stacks/instances/{id}/interrupt</c>: bad input is refused with a problem document and changes nothing.</summary>
public sealed class InterruptApiTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Interrupt_UnknownInstance_Returns404NamingIt()
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.InterruptInstanceAsync("no-such-instance", "30s", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("Instance 'no-such-instance'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain((await _fixture.Client.GetStackActivityAsync(null, 50, CancellationToken.None)).Events, e => e.Action.StartsWith("spot", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("soon", "notice 'soon' is not a duration like 120s, 2m or 90")]
    [InlineData("0s", "must be between 1s and 60m")]
    [InlineData("61m", "must be between 1s and 60m")]
    public async Task Interrupt_BadNotice_Returns400WithTheProblem(string notice, string expected)
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.InterruptInstanceAsync("no-such-instance", notice, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interrupt_WithoutToken_Returns401()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_fixture.Url + "/") };
        using var body = new StringContent("""{"in":"30s"}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(new Uri("api/v1/stacks/instances/anything/interrupt", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
