using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using ElasticCI.Client;
using ElasticCI.Protocol.Agents;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>
/// "Never a 500": thousands of seeded, mutated requests against every /api/v1 and /api/agent/v1 endpoint of a real
/// coordinator (the routes are read from the running app, so a new endpoint is fuzzed without touching this test).
/// </summary>
public sealed class ApiFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Requests = 6000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(25);
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    /// <summary>Set ELASTIC_CI_FUZZ_SEED to replay (or explore) another seed; failures print the seed.</summary>
    [Theory]
    [InlineData(20261128)]
    [InlineData(7)]
    public async Task Api_MutatedRequests_NeverAnswer5xxAndKeepServing(int seed)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("ELASTIC_CI_FUZZ_SEED"), out var chosen))
        {
            seed = chosen;
        }
        var endpoints = _fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal).ToList();
        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints found");
        var ids = await RealIdsAsync();
        var mutator = new RequestMutator(seed, endpoints, ids);
        var clock = Stopwatch.StartNew();
        var sent = 0;
        var statuses = new SortedDictionary<int, int>();
        var failures = new List<string>();
        for (; sent < Requests && clock.Elapsed < Budget; sent++)
        {
            if (sent % 100 == 0 && !await HeartbeatAsync(mutator.Ids.AgentToken))
            {
                // A fuzzed disconnect (or a lost lease) killed the agent token, and with it the job token: take fresh ones.
                mutator.Ids = await RealIdsAsync();
            }
            var (request, description) = mutator.Next();
            using (request)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                int status;
                try
                {
                    using var response = await _fixture.Http.SendAsync(request, timeout.Token);
                    status = (int)response.StatusCode;
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    status = 0; // a long-poll (jobs/next) that simply waited: not an error
                }
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500 && failures.Count < 20)
                {
                    failures.Add($"request #{sent}: {description} answered {status}");
                }
            }
        }
        output.WriteLine($"seed {seed}: {sent} requests over {endpoints.Count} endpoints in {clock.Elapsed.TotalSeconds:F1}s; statuses "
            + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(failures.Count == 0, $"seed {seed}: {statuses.Where(s => s.Key >= 500).Sum(s => s.Value)} answer(s) >= 500, first ones:\n"
            + string.Join("\n", failures));
        Assert.True(sent >= 500, $"seed {seed}: only {sent} requests fit in the time budget");
        using var health = await _fixture.Http.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: echo still serving\n", "after-fuzz");
        Assert.Equal(1, build.Number);
    }

    private async Task<FuzzIds> RealIdsAsync()
    {
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: echo fuzz\n  - block: hold\n", "fuzz-target");
        var agent = new AgentApiClient(_fixture.Http);
        var registered = await agent.RegisterAsync(_fixture.Tokens.AgentToken,
            new RegisterAgentRequest("fuzz-agent", new Dictionary<string, string> { ["queue"] = "default" }, null, null, 1), CancellationToken.None);
        var next = await agent.NextJobAsync(CancellationToken.None);
        var jobToken = next.Job?.Env.GetValueOrDefault("BUILDKITE_AGENT_ACCESS_TOKEN") ?? "none";
        return new FuzzIds(build.Id, build.Jobs[0].Id, build.Jobs[^1].Id, registered.AgentId, _fixture.Tokens.ApiToken, registered.AccessToken, jobToken,
            _fixture.Tokens.AgentToken);
    }

    private async Task<bool> HeartbeatAsync(string agentToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/agent/v1/heartbeat");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agentToken);
        using var response = await _fixture.Http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK;
    }
}
