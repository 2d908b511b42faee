using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ElasticCI.Client;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Builds;
using ElasticCI.Protocol.Pipelines;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>Stored pipeline definitions over the API and the CLI, and builds made from them.</summary>
public sealed class PipelineDefinitionTests : IAsyncLifetime
{
    private const string Yaml = "steps:\n  - label: first\n    command: echo one\n  - wait\n  - label: second\n    command: echo two\n";
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task PipelineCommands_SetLsShowRm_RoundTripTheDefinition()
    {
        var file = Path.Combine(_fixture.DataDirectory, "deploy.yml");
        await File.WriteAllTextAsync(file, Yaml);

        var set = await _fixture.RunCliAsync("pipeline", "set", "deploy", "--file", file, "--repo", "https://example.test/deploy.git", "--branch", "trunk", "--name", "Deploy");
        var list = await _fixture.RunCliAsync("pipeline", "ls", "--output", "json");
        var show = await _fixture.RunCliAsync("pipeline", "show", "deploy");
        var remove = await _fixture.RunCliAsync("pipeline", "rm", "deploy");
        var after = await _fixture.RunCliAsync("pipeline", "ls", "--output", "json");

        Assert.Equal((0, ""), (set.Exit, set.Error));
        var listed = Assert.Single(JsonSerializer.Deserialize(list.Output, ProtocolJsonContext.Default.PipelineListDto)!.Pipelines);
        Assert.Equal(("deploy", "Deploy", "https://example.test/deploy.git", "trunk", Yaml), (listed.Slug, listed.Name, listed.Repository, listed.DefaultBranch, listed.Configuration));
        Assert.Equal(0, show.Exit);
        Assert.Contains("default branch: trunk", show.Output, StringComparison.Ordinal);
        Assert.Contains("command: echo two", show.Output, StringComparison.Ordinal);
        Assert.Equal(0, remove.Exit);
        Assert.Empty(JsonSerializer.Deserialize(after.Output, ProtocolJsonContext.Default.PipelineListDto)!.Pipelines);
    }

    [Fact]
    public async Task PutPipeline_AgainWithNewYaml_ReplacesAndAnswers200()
    {
        var first = await _fixture.Http.SendAsync(Put("app", new PutPipelineRequest(Yaml)));
        var second = await _fixture.Http.SendAsync(Put("app", new PutPipelineRequest("steps:\n  - command: echo replaced\n")));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var stored = await _fixture.Client.GetPipelineAsync("app", CancellationToken.None);
        Assert.Equal(("app", "main", "steps:\n  - command: echo replaced\n"), (stored.Name, stored.DefaultBranch, stored.Configuration));
    }

    [Fact]
    public async Task PutPipeline_InvalidYaml_Returns422WithTheBuildApisErrors()
    {
        const string broken = "steps:\n  - command: echo\n    cache: [dist]\n  - command: [unclosed\n";
        var build = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.CreateBuildAsync(broken, "app"));
        var put = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.PutPipelineAsync("app", new PutPipelineRequest(broken), CancellationToken.None));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        Assert.Equal(build.Message, put.Message);
        Assert.Contains("pipeline.yml:", put.Message, StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListPipelinesAsync(CancellationToken.None)).Pipelines);
    }

    [Fact]
    public async Task PutPipeline_BadSlugBadFieldsAndInvalidYaml_Returns400ListingEveryError()
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.PutPipelineAsync(
            "Bad_Slug", new PutPipelineRequest("steps:\n  - command: echo\n    cache: [dist]\n", Name: "app", Repository: "x", DefaultBranch: "has space"),
            CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(3, error.Problem!.Errors!.Count);
        Assert.Contains("Bad_Slug", error.Message, StringComparison.Ordinal);
        Assert.Contains("not supported yet: cache at line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("defaultBranch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutPipeline_ControlCharactersInFields_Returns400NamingEachField()
    {
        // Control characters are refused at the API boundary, before the endpoint's own checks, one problem per field.
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.PutPipelineAsync(
            "app", new PutPipelineRequest("steps:\n  - command: echo\n", Name: "a\nb", Repository: "x\u0001"),
            CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(2, error.Problem!.Errors!.Count);
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
        Assert.Contains("repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutPipeline_Oversize_Returns400()
    {
        var huge = "steps:\n  - command: echo " + new string('x', BuildEndpointsMax + 10) + "\n";

        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.PutPipelineAsync("big", new PutPipelineRequest(huge), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("at most 1048576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "application/json")]
    [InlineData("not json", "application/json")]
    [InlineData("{\"configuration\": 5}", "application/json")]
    [InlineData("{}", "application/json")]
    [InlineData("null", "application/json")]
    public async Task PutPipeline_BadBody_Returns4xx(string body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/v1/pipelines/app") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);

        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Pipelines_WithoutToken_Return401()
    {
        using var response = await _fixture.Http.GetAsync("api/v1/pipelines");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetAndDeletePipeline_Missing_Return404()
    {
        var get = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.GetPipelineAsync("nope", CancellationToken.None));
        var delete = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.DeletePipelineAsync("nope", CancellationToken.None));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, delete.StatusCode));
    }

    [Fact]
    public async Task PipelineCommands_BadUsage_Exit2()
    {
        var missingFile = await _fixture.RunCliAsync("pipeline", "set", "app", "--file", Path.Combine(_fixture.DataDirectory, "missing.yml"));
        var noFileOption = await _fixture.RunCliAsync("pipeline", "set", "app");
        var badSlug = await _fixture.RunCliAsync("pipeline", "show", "Not A Slug");
        var missing = await _fixture.RunCliAsync("pipeline", "rm", "nope");

        Assert.Equal((2, 2, 2, 2), (missingFile.Exit, noFileOption.Exit, badSlug.Exit, missing.Exit));
        Assert.Contains("cannot read", missingFile.Error, StringComparison.Ordinal);
        Assert.Contains("was not found", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateBuild_NoYamlAndStoredDefinition_BuildsItOnItsDefaultBranchAndRepository()
    {
        await _fixture.Client.PutPipelineAsync("app", new PutPipelineRequest(Yaml, Repository: "https://example.test/app.git", DefaultBranch: "trunk"), CancellationToken.None);

        var stored = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("app", null), CancellationToken.None);
        var overridden = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("app", null, Branch: "feature", Repository: "https://example.test/fork.git"), CancellationToken.None);

        Assert.Equal(("trunk", "https://example.test/app.git"), (stored.Branch, stored.Repository));
        Assert.Equal(["first", "second"], stored.Jobs.Select(j => j.Label));
        Assert.Equal(("feature", "https://example.test/fork.git"), (overridden.Branch, overridden.Repository));
        Assert.Equal("https://example.test/app.git", (await _fixture.Client.GetPipelineAsync("app", CancellationToken.None)).Repository);
    }

    [Fact]
    public async Task CreateBuild_NoYamlAndNoDefinition_Returns400NamingThePipeline()
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.CreateBuildAsync(new CreateBuildRequest("ghost", null), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("pipeline 'ghost' has no stored definition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildCommand_PipelineWithoutFile_BuildsTheStoredDefinition()
    {
        await _fixture.Client.PutPipelineAsync("app", new PutPipelineRequest(Yaml), CancellationToken.None);

        var built = await _fixture.RunCliAsync("build", "--pipeline", "app", "--output", "json");
        var neither = await _fixture.RunCliAsync("build", "--output", "json");

        Assert.Equal((0, ""), (built.Exit, built.Error));
        Assert.Equal(2, JsonSerializer.Deserialize(built.Output, ProtocolJsonContext.Default.BuildDto)!.Jobs.Count(j => j.Label is "first" or "second"));
        Assert.Equal(2, neither.Exit);
        Assert.Contains("--pipeline SLUG", neither.Error, StringComparison.Ordinal);
    }

    private const int BuildEndpointsMax = 1024 * 1024;

    private HttpRequestMessage Put(string slug, PutPipelineRequest body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"api/v1/pipelines/{slug}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(body, ProtocolJsonContext.Default.PutPipelineRequest),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);
        return request;
    }
}
