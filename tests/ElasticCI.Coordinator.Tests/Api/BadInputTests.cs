using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ElasticCI.Client;
using ElasticCI.Protocol.Agents;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>Every API path that takes input refuses bad input clearly and changes nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task CreateBuild_InvalidPipeline_Returns422NamingLineAndCreatesNothing()
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.CreateBuildAsync("steps:\n  - command: echo\n    cache: [dist]\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Contains("not supported yet: cache at line 3", error.Message, StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListBuildsAsync(null, 10, CancellationToken.None)).Builds);
    }

    [Fact]
    public async Task CreateBuild_BrokenYaml_Returns422WithLine()
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.CreateBuildAsync("steps:\n  - command: [unclosed\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Contains("pipeline.yml:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad Slug", "steps: []")]
    [InlineData("ok", "")]
    public async Task CreateBuild_BadFields_Returns400(string pipeline, string yaml)
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() =>
            _fixture.Client.CreateBuildAsync(new CreateBuildRequest(pipeline, yaml), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task CreateBuild_BadEnvName_Returns400()
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.CreateBuildAsync(
            new CreateBuildRequest("ok", "steps:\n  - command: true\n", Env: new Dictionary<string, string> { ["1BAD"] = "x" }), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("1BAD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateBuild_NotJson_Returns400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/builds") { Content = new StringContent("{nope", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);

        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-wrong-token")]
    public async Task UserApi_MissingOrWrongToken_Returns401(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/builds");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Register_WrongRegistrationToken_Returns401()
    {
        var agent = new AgentApiClient(_fixture.Http);

        var error = await Assert.ThrowsAsync<CoordinatorException>(() => agent.RegisterAsync(
            "not-the-token", new RegisterAgentRequest("x", new Dictionary<string, string>(), null, null, 1), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Register_BadTag_Returns400()
    {
        var agent = new AgentApiClient(_fixture.Http);

        var error = await Assert.ThrowsAsync<CoordinatorException>(() => agent.RegisterAsync(
            _fixture.Tokens.AgentToken, new RegisterAgentRequest("x", new Dictionary<string, string> { ["bad key"] = "v" }, null, null, 1), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task FinishJob_NeverStarted_Returns409AndJobIsNotPassed()
    {
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: \"true\"\n");
        var agent = new AgentApiClient(_fixture.Http);
        await agent.RegisterAsync(_fixture.Tokens.AgentToken, new RegisterAgentRequest("unstarted", new Dictionary<string, string>(), null, null, 1), CancellationToken.None);
        var next = await agent.NextJobAsync(CancellationToken.None);
        Assert.Equal(build.Jobs[0].Id, next.Job?.Id);

        var error = await Assert.ThrowsAsync<CoordinatorException>(
            () => agent.FinishJobAsync(next.Job!.Id, new FinishJobRequest(0, null, null, 0), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains("never started", error.Message, StringComparison.Ordinal);
        var job = (await _fixture.Client.GetBuildAsync(build.Id, CancellationToken.None)).Jobs[0];
        Assert.Equal("assigned", job.State);
        Assert.Null(job.ExitStatus);
    }

    [Fact]
    public async Task AgentApi_UnknownAccessToken_Returns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/agent/v1/heartbeat");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "made-up");

        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetBuild_Unknown_Returns404()
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.GetBuildAsync("nope", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task TokenFiles_AreOwnerOnly()
    {
        var mode = File.GetUnixFileMode(_fixture.Tokens.ApiTokenPath);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_fixture.Tokens.AgentTokenPath));
        await Task.CompletedTask;
    }
}
