using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ElasticCI.Client;
using ElasticCI.Protocol.Agents;

namespace ElasticCI.Coordinator.Tests.Metrics;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JobsFinishedMetricCollection
{
    /// <summary>
    /// Runs alone: every coordinator host in this test process creates a meter of the same name, and the exporter of one
    /// host also sees the observable counters of the others, so hosts of tests running alongside would shadow this one's.
    /// </summary>
    public const string Name = "jobs finished metric (alone)";
}

/// <summary>
/// <c>elasticci_jobs_finished_total</c> counts every job that reached a final state, not only those an agent reported:
/// a job canceled before any agent took it, and a job lost with its agent.
/// </summary>
[Collection(JobsFinishedMetricCollection.Name)]
public sealed class JobsFinishedMetricTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Scrape_JobCanceledBeforeAnyAgentTookIt_Counted()
    {
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: \"true\"\n    agents: { queue: nobody }\n");
        Assert.Equal("scheduled", build.Jobs[0].State);

        await _fixture.Client.CancelBuildAsync(build.Id, CancellationToken.None);

        await ScrapeUntilAsync("""elasticci_jobs_finished_total\{[^}]*queue="nobody"[^}]*state="canceled"[^}]*\} 1\b""");
    }

    [Fact]
    public async Task Scrape_JobLostWithItsAgent_Counted()
    {
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: \"sleep 60\"\n    agents: { queue: doomed }\n");
        var agent = new AgentApiClient(_fixture.Http);
        await agent.RegisterAsync(_fixture.Tokens.AgentToken,
            new RegisterAgentRequest("doomed", new Dictionary<string, string> { ["queue"] = "doomed" }, null, null, 1), CancellationToken.None);
        var next = await agent.NextJobAsync(CancellationToken.None);
        Assert.Equal(build.Jobs[0].Id, next.Job?.Id);
        Assert.True(await agent.StartJobAsync(next.Job!.Id, CancellationToken.None));

        // No heartbeat from now on: after AgentLostAfter (2 s here) the agent is lost and its running job with it.
        await _fixture.WaitForAsync(build.Id, b => b.Jobs[0].State == "lost", TimeSpan.FromSeconds(60));

        await ScrapeUntilAsync("""elasticci_jobs_finished_total\{[^}]*queue="doomed"[^}]*state="lost"[^}]*\} 1\b""");
    }

    private async Task ScrapeUntilAsync(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var waited = Stopwatch.StartNew();
        var text = "";
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);
            using var response = await _fixture.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            text = await response.Content.ReadAsStringAsync();
            if (regex.IsMatch(text))
            {
                return;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"/metrics never matched {pattern}:\n{string.Join('\n', text.Split('\n').Where(l => l.Contains("jobs_finished", StringComparison.Ordinal)))}");
    }
}
