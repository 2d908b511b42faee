using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ElasticCI.Coordinator.Tests.Metrics;

/// <summary><c>/v3/metrics</c> and <c>/v3/metrics/queue</c>: Buildkite's JSON shape, agent-token auth, poll-duration header.</summary>
public sealed class MetricsEndpointsTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Metrics_AgentOnOneQueueJobOnAnother_CountsPerQueueInBuildkiteShape()
    {
        _fixture.StartAgent("metrics-agent", queue: "builders");
        await _fixture.CreateBuildAsync("steps:\n  - command: 'true'\n    agents: { queue: nobody }\n");

        using var document = await WaitForAsync("v3/metrics", d => d.RootElement.GetProperty("agents").GetProperty("total").GetInt32() == 1);
        var root = document.RootElement;

        Assert.Equal("elastic-ci", root.GetProperty("organization").GetProperty("slug").GetString());
        var agents = root.GetProperty("agents");
        Assert.Equal((1, 0, 1), (agents.GetProperty("idle").GetInt32(), agents.GetProperty("busy").GetInt32(), agents.GetProperty("total").GetInt32()));
        Assert.Equal(1, agents.GetProperty("queues").GetProperty("builders").GetProperty("idle").GetInt32());
        var jobs = root.GetProperty("jobs");
        Assert.Equal((1, 0, 0, 1), (jobs.GetProperty("scheduled").GetInt32(), jobs.GetProperty("running").GetInt32(),
            jobs.GetProperty("waiting").GetInt32(), jobs.GetProperty("total").GetInt32()));
        var nobody = jobs.GetProperty("queues").GetProperty("nobody");
        Assert.Equal(1, nobody.GetProperty("scheduled").GetInt32());
        // A queue appears under jobs.queues only if it has jobs, under agents.queues only if it has agents.
        Assert.False(jobs.GetProperty("queues").TryGetProperty("builders", out _));
        Assert.False(agents.GetProperty("queues").TryGetProperty("nobody", out _));
    }

    [Fact]
    public async Task MetricsQueue_ScheduledJob_QueueCountsWithoutQueuesMapAndPollDurationHeader()
    {
        await _fixture.CreateBuildAsync("steps:\n  - command: 'true'\n    agents: { queue: lonely }\n  - wait\n  - command: 'true'\n    agents: { queue: lonely }\n");

        using var response = await GetAsync("v3/metrics/queue?name=lonely", _fixture.Tokens.AgentToken);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("10", response.Headers.GetValues("Buildkite-Agent-Metrics-Poll-Duration").Single());
        using var document = JsonDocument.Parse(body);
        var jobs = document.RootElement.GetProperty("jobs");
        Assert.Equal((1, 0, 1, 1), (jobs.GetProperty("scheduled").GetInt32(), jobs.GetProperty("running").GetInt32(),
            jobs.GetProperty("waiting").GetInt32(), jobs.GetProperty("total").GetInt32()));
        Assert.False(jobs.TryGetProperty("queues", out _));
        Assert.Equal(0, document.RootElement.GetProperty("agents").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task MetricsQueue_UnknownQueue_Zeros()
    {
        using var response = await GetAsync("v3/metrics/queue?name=never-used", _fixture.Tokens.AgentToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, document.RootElement.GetProperty("jobs").GetProperty("scheduled").GetInt32());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    [InlineData("api")]
    public async Task Metrics_WithoutAgentToken_Returns401Problem(string? token)
    {
        var presented = token == "api" ? _fixture.Tokens.ApiToken : token;

        using var all = await GetAsync("v3/metrics", presented);
        using var queue = await GetAsync("v3/metrics/queue?name=default", presented);

        Assert.Equal(HttpStatusCode.Unauthorized, all.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, queue.StatusCode);
        Assert.Equal("application/problem+json", all.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("v3/metrics/queue")]
    [InlineData("v3/metrics/queue?name=")]
    public async Task MetricsQueue_NoName_Returns400(string path)
    {
        using var response = await GetAsync(path, _fixture.Tokens.AgentToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("(the queue) is required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        }
        return await _fixture.Http.SendAsync(request);
    }

    private async Task<JsonDocument> WaitForAsync(string path, Func<JsonDocument, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await GetAsync(path, _fixture.Tokens.AgentToken);
            var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (done(document) || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                return document;
            }
            document.Dispose();
            await Task.Delay(100);
        }
    }
}
