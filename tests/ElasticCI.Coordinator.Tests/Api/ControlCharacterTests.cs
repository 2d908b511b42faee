using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ElasticCI.Client;
using ElasticCI.Protocol.Builds;
using ElasticCI.Protocol.Pipelines;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>No control character crosses the API: NUL is refused in every field with a 4xx problem naming the field.</summary>
public sealed class ControlCharacterTests : IAsyncLifetime
{
    private const string Steps = "steps:\n  - command: true\n";
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    public static TheoryData<string, CreateBuildRequest> BadBuilds => new()
    {
        { "branch", new CreateBuildRequest("ok", Steps, Branch: "main\0/bin/sh") },
        { "branch", new CreateBuildRequest("ok", Steps, Branch: "main\nx") },
        { "commit", new CreateBuildRequest("ok", Steps, Commit: "abc\0") },
        { "message", new CreateBuildRequest("ok", Steps, Message: "hello\0world") },
        { "message", new CreateBuildRequest("ok", Steps, Message: "escape \u001b[31m") },
        { "env.SAFE", new CreateBuildRequest("ok", Steps, Env: new Dictionary<string, string> { ["SAFE"] = "a\0b" }) },
        { "env.SAFE", new CreateBuildRequest("ok", Steps, Env: new Dictionary<string, string> { ["SAFE"] = "a\u0007b" }) },
        { "the name of env.A", new CreateBuildRequest("ok", Steps, Env: new Dictionary<string, string> { ["A\0B"] = "x" }) },
        { "repository", new CreateBuildRequest("ok", Steps, Repository: "https://x/\0") },
        { "fileName", new CreateBuildRequest("ok", Steps, FileName: "p\0.yml") },
    };

    [Theory]
    [MemberData(nameof(BadBuilds))]
    public async Task CreateBuild_ControlCharacterInField_Returns400NamingTheFieldAndCreatesNothing(string field, CreateBuildRequest request)
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.CreateBuildAsync(request, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains("control character", error.Message, StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListBuildsAsync(null, 10, CancellationToken.None)).Builds);
    }

    [Fact]
    public async Task CreateBuild_TabAndNewlineInMessageAndEnvValue_AreAccepted()
    {
        var build = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("ok", Steps, Message: "title\n\n\tbody\r\n",
            Env: new Dictionary<string, string> { ["MULTI"] = "one\ntwo\tthree" }), CancellationToken.None);

        Assert.Equal("title\n\n\tbody\r\n", build.Message);
    }

    [Theory]
    [InlineData("steps:\n  - label: \"a\\0b\"\n    command: true\n", "steps[0].label", 2)]
    [InlineData("steps:\n  - key: \"k\\tx\"\n    command: true\n", "steps[0].key", 2)]
    [InlineData("steps:\n  - command: \"echo \\0 x\"\n", "steps[0].command", 2)]
    [InlineData("env:\n  GOOD: \"v\\0\"\nsteps:\n  - command: true\n", "env.GOOD", 2)]
    [InlineData("steps:\n  - command: true\n    env:\n      \"A\\0\": x\n", "a key of steps[0].env", 4)]
    [InlineData("steps:\n  - trigger: child\n    build:\n      branch: \"main\\0/bin/sh\\0-c\\0touch /tmp/pwned\"\n", "steps[0].build.branch", 4)]
    [InlineData("steps:\n  - trigger: child\n    build:\n      meta_data:\n        k: \"v\\u0001\"\n", "steps[0].build.meta_data.k", 5)]
    public async Task CreateBuild_ControlCharacterInPipelineYaml_Returns422NamingPathAndLine(string yaml, string path, int line)
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.CreateBuildAsync(yaml));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Contains($"pipeline.yml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(path + " contains the control character", error.Message, StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListBuildsAsync(null, 10, CancellationToken.None)).Builds);
    }

    [Fact]
    public async Task PutPipeline_NulInDefaultBranchOrRepository_Returns400()
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.PutPipelineAsync("p",
            new PutPipelineRequest(Steps, Repository: "/repo\0", DefaultBranch: "ma\0in"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("defaultBranch contains the control character NUL (U+0000)", error.Message, StringComparison.Ordinal);
        Assert.Contains("repository contains", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterAgent_NulInNameOrTag_Returns400NamingTheField()
    {
        var body = JsonContent.Create(new { name = "rogue\0", tags = new Dictionary<string, string> { ["queue"] = "victim\0" }, pid = 1 });
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/agent/v1/register") { Content = body };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.AgentToken);

        using var response = await _fixture.Http.SendAsync(request);
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("name contains the control character NUL", problem, StringComparison.Ordinal);
        Assert.Contains("tags.queue contains the control character NUL", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteAndQueryValues_WithNul_Return400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/builds?pipeline=a%00b");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);

        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("query parameter pipeline contains the control character NUL", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyProblems_AreBoundedToTheFirstHundredPlusACount()
    {
        var env = Enumerable.Range(0, 250).ToDictionary(i => $"V{i}", _ => "\0");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/builds")
        {
            Content = JsonContent.Create(new { pipeline = "ok", yaml = Steps, env }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);

        using var response = await _fixture.Http.SendAsync(request);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var errors = problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(101, errors.Count);
        Assert.Contains("and 150 more problems (250 in all", errors[^1], StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(problem.RootElement.GetRawText()) < 64 * 1024);
    }
}
