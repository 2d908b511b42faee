using System.Net;
using ElasticCI.Client;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary><c>GET /api/v1/stacks/activity</c>: scaling events newest first, for one stack or all.</summary>
public sealed class StackActivityTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Activity_UnknownStack_Returns404()
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.GetStackActivityAsync("nope", 10, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("Stack 'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_NoStacks_EmptyList()
    {
        var activity = await _fixture.Client.GetStackActivityAsync(null, 10, CancellationToken.None);

        Assert.Empty(activity.Events);
    }

    [Fact]
    public async Task Activity_WithoutToken_Returns401()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_fixture.Url + "/") };

        var response = await http.GetAsync(new Uri("api/v1/stacks/activity", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
