using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using ElasticCI.Client;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Agents;

namespace ElasticCI.Coordinator.Tests.Agents;

/// <summary>
/// An agent given two coordinator URLs (two hosts on one store file; the first reached through a proxy that the test
/// kills mid-job) keeps its job running, moves to the second URL, and loses or repeats no log byte.
/// </summary>
public sealed partial class AgentFailoverTests : IAsyncLifetime
{
    private CoordinatorFixture _first = null!;
    private CoordinatorFixture _second = null!;
    private TcpForwarder _proxy = null!;

    public async Task InitializeAsync()
    {
        // Generous loss time: the failover must not depend on a quiet machine, and the job must not be taken away meanwhile.
        static void Options(CoordinatorOptions o) => o.AgentLostAfter = TimeSpan.FromSeconds(20);
        _first = await CoordinatorFixture.StartAsync(Options);
        _second = await CoordinatorFixture.StartSharingAsync(_first, Options);
        _proxy = TcpForwarder.To(_first.Url);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Agent_FirstUrlDiesMidJob_JobFinishesThroughTheSecondWithEveryLineOnce()
    {
        const int Lines = 600;
        _first.StartAgent("agent-failover", server: $"{_proxy.Url},{_second.Url}");
        var build = await _first.CreateBuildAsync(
            $"steps:\n  - command: for i in $(seq 1 {Lines}); do echo \"line $i\"; sleep 0.02; done; buildkite-agent meta-data set after-failover yes\n");
        var jobId = (await _first.WaitForAsync(build.Id, b => b.Jobs[0].State == "running")).Jobs[0].Id;
        await Eventually.TrueAsync(async () => LineNumbers(await _first.LogAsync(jobId)).Count >= 50, TimeSpan.FromSeconds(60));
        var connectionsBefore = _proxy.Connections;

        await _proxy.StopAsync();
        var linesAtStop = LineNumbers(await _first.LogAsync(jobId)).Count;
        var done = await _second.WaitForPassedOrFailedAsync(build.Id);

        var log = await _second.LogAsync(jobId);
        Assert.True(done.State == "passed", log);
        Assert.True(connectionsBefore > 0, "the agent used the first URL before it died");
        Assert.True(linesAtStop < Lines, $"the first URL died mid-job ({linesAtStop} of {Lines} lines logged)");
        // Every line exactly once and in order: no chunk lost, none stored twice.
        Assert.Equal(Enumerable.Range(1, Lines).ToList(), LineNumbers(log));
        // Run once: one job in the build, never retried, its agent never lost.
        var job = Assert.Single(done.Jobs);
        Assert.Equal(0, job.RetryCount);
        Assert.Equal("idle", await _second.QueryStoreAsync("SELECT state FROM agents WHERE name = 'agent-failover'"));
        Assert.Equal("yes", await _second.QueryStoreAsync($"SELECT value FROM build_meta_data WHERE build_id = '{build.Id}' AND key = 'after-failover'"));
    }

    [Fact]
    public async Task LogChunk_ResentToTheOtherHostAfterALostAnswer_IsStoredOnce()
    {
        using var firstHttp = new HttpClient { BaseAddress = new Uri(_first.Url + "/"), Timeout = TimeSpan.FromSeconds(60) };
        var agent = new AgentApiClient(firstHttp);
        var registered = await agent.RegisterAsync(_first.Tokens.AgentToken,
            new RegisterAgentRequest("agent-resend", new Dictionary<string, string> { ["queue"] = "default" }, null, null, 1), CancellationToken.None);
        var build = await _first.CreateBuildAsync("steps:\n  - command: true\n");
        var next = await agent.NextJobAsync(CancellationToken.None);
        var jobId = next.Job!.Id;
        Assert.True(await agent.StartJobAsync(jobId, CancellationToken.None));
        var chunk = Encoding.UTF8.GetBytes("first chunk\n");

        // Stored by the first host; its answer "lost", the agent sends the same chunk to the second.
        var stored = await agent.AppendLogAsync(jobId, 0, 0, chunk, CancellationToken.None);
        var resent = await AppendAsync(_second, registered.AccessToken, jobId, 0, 0, chunk);
        var following = await AppendAsync(_second, registered.AccessToken, jobId, 1, chunk.Length, Encoding.UTF8.GetBytes("second chunk\n"));
        await agent.FinishJobAsync(jobId, new FinishJobRequest(0, null, null, following.NextOffset), CancellationToken.None);
        using var secondHttp = Authorized(_second, registered.AccessToken);
        using var finishedAgain = await secondHttp.PostAsJsonAsync($"api/agent/v1/jobs/{jobId}/finish",
            new FinishJobRequest(0, null, null, following.NextOffset), ProtocolJsonContext.Default.FinishJobRequest);

        Assert.Equal((chunk.Length, chunk.Length), (stored.NextOffset, resent.NextOffset));
        Assert.Equal(HttpStatusCode.OK, finishedAgain.StatusCode);
        Assert.Equal("first chunk\nsecond chunk\n", await _second.LogAsync(jobId));
        Assert.Equal("passed", (await _second.WaitForPassedOrFailedAsync(build.Id)).State);
    }

    [Fact]
    public async Task NextJob_AnswerLostAfterTheClaim_TheOtherHostHandsTheSameJobOverAgain()
    {
        using var firstHttp = new HttpClient { BaseAddress = new Uri(_first.Url + "/"), Timeout = TimeSpan.FromSeconds(60) };
        var agent = new AgentApiClient(firstHttp);
        var registered = await agent.RegisterAsync(_first.Tokens.AgentToken,
            new RegisterAgentRequest("agent-lost-answer", new Dictionary<string, string> { ["queue"] = "default" }, null, null, 1), CancellationToken.None);
        var build = await _first.CreateBuildAsync("steps:\n  - command: true\n");
        // The first host claimed the job for the agent; its answer never arrived.
        var lost = await agent.NextJobAsync(CancellationToken.None);
        using var secondHttp = Authorized(_second, registered.AccessToken);

        using var again = await secondHttp.PostAsync("api/agent/v1/jobs/next", null);
        var answer = (await again.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.NextJobResponse))!;

        Assert.Equal((AgentActions.Job, lost.Job!.Id), (answer.Action, answer.Job?.Id));
        // The token that never arrived is replaced: the new one works, the lost one does not.
        Assert.Equal(HttpStatusCode.OK, await JobCallAsync(answer.Job!.Env["BUILDKITE_AGENT_ACCESS_TOKEN"]));
        Assert.Equal(HttpStatusCode.Unauthorized, await JobCallAsync(lost.Job.Env["BUILDKITE_AGENT_ACCESS_TOKEN"]));
        Assert.True(await agent.StartJobAsync(answer.Job.Id, CancellationToken.None));
        await agent.FinishJobAsync(answer.Job.Id, new FinishJobRequest(0, null, null, 0), CancellationToken.None);
        Assert.Equal("passed", (await _second.WaitForPassedOrFailedAsync(build.Id)).State);
        // A started job is not handed over again: an idle poll now waits and answers with no job.
        using var idle = await secondHttp.PostAsync("api/agent/v1/jobs/next", null);
        Assert.Null((await idle.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.NextJobResponse))!.Job);
    }

    private async Task<HttpStatusCode> JobCallAsync(string jobToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/agent/v1/job/meta-data");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", jobToken);
        using var response = await _second.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("http://127.0.0.1:1,,http://127.0.0.1:2", "--server: element 2 of 'http://127.0.0.1:1,,http://127.0.0.1:2' is empty")]
    [InlineData("http://127.0.0.1:1,", "--server: element 2 of 'http://127.0.0.1:1,' is empty")]
    [InlineData("http://127.0.0.1:1,ftp://127.0.0.1:2", "--server: 'ftp://127.0.0.1:2' is not an absolute http or https URL")]
    [InlineData("127.0.0.1:8722", "--server: '127.0.0.1:8722' is not an absolute http or https URL")]
    public async Task AgentStart_BadServerList_Exits2NamingTheElement(string server, string expected)
    {
        using var temp = new TempDirectory();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ElasticCI.Cli.CliApp.RunAsync(
            ["agent", "start", "--server", server, "--token", "t", "--build-path", Path.Combine(temp.Path, "builds")], output, error).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("elastic-ci: " + expected, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "builds")), "nothing is set up for a refused configuration");
    }

    [Fact]
    public async Task AgentStart_BadServerListInTheConfigFile_Exits2()
    {
        using var temp = new TempDirectory();
        var config = Path.Combine(temp.Path, "agent.cfg");
        await File.WriteAllTextAsync(config, "server=\"http://127.0.0.1:1,gopher://x\"\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ElasticCI.Cli.CliApp.RunAsync(["agent", "start", "--config", config, "--token", "t", "--build-path", temp.Path], output, error)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains("'gopher://x' is not an absolute http or https URL", error.ToString(), StringComparison.Ordinal);
    }

    private static HttpClient Authorized(CoordinatorFixture host, string accessToken)
    {
        var http = new HttpClient { BaseAddress = new Uri(host.Url + "/"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    private static async Task<LogAppendResponse> AppendAsync(CoordinatorFixture host, string accessToken, string jobId, long sequence, long offset, byte[] data)
    {
        using var http = Authorized(host, accessToken);
        using var content = new ByteArrayContent(data);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync(string.Create(CultureInfo.InvariantCulture, $"api/agent/v1/jobs/{jobId}/log?sequence={sequence}&offset={offset}"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.LogAppendResponse))!;
    }

    private static List<int> LineNumbers(string log)
        => [.. LinePattern().Matches(log).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"^line (\d+)\r?$", RegexOptions.Multiline)]
    private static partial Regex LinePattern();
}
