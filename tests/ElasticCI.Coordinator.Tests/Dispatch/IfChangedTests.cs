using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ElasticCI.Client;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Agents;
using ElasticCI.Protocol.Builds;
using ElasticCI.Protocol.Jobs;
using ElasticCI.Protocol.Pipelines;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary><c>if_changed</c> at <c>buildkite-agent pipeline upload</c>: a real agent, a real git repository and its diff against the base branch.</summary>
public sealed class IfChangedTests : IAsyncLifetime
{
    private const string Dynamic = """
        steps:
          - label: src-changed
            command: echo src
            if_changed: "src/**"
          - label: docs-changed
            command: echo docs
            if_changed: ["docs/**", "*.md"]
          - label: src-but-not-cs
            command: echo tests
            if_changed: {include: "src/**", exclude: "src/*.cs"}
          - label: always
            command: echo always
        """;

    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Upload_InAFeatureBranchCheckout_SkipsStepsNoFileSinceTheMergeBaseMatches()
    {
        var bare = Path.Combine(_fixture.DataDirectory, "repo.git");
        var work = Path.Combine(_fixture.DataDirectory, "work");
        TestGit.Run(_fixture.DataDirectory, "init", "--bare", "-b", "main", bare);
        TestGit.Run(_fixture.DataDirectory, "clone", bare, work);
        Directory.CreateDirectory(Path.Combine(work, "src"));
        Directory.CreateDirectory(Path.Combine(work, ".buildkite"));
        await File.WriteAllTextAsync(Path.Combine(work, "README.md"), "readme\n");
        await File.WriteAllTextAsync(Path.Combine(work, "src", "a.cs"), "class A {}\n");
        await File.WriteAllTextAsync(Path.Combine(work, ".buildkite", "dynamic.yml"), Dynamic);
        TestGit.Commit(work, "first");
        TestGit.Run(work, "push", "origin", "main");
        TestGit.Run(work, "checkout", "-b", "feature");
        await File.WriteAllTextAsync(Path.Combine(work, "src", "a.cs"), "class A { int x; }\n");
        TestGit.Commit(work, "change src");
        await File.WriteAllTextAsync(Path.Combine(work, "notes.txt"), "notes\n");
        TestGit.Commit(work, "add notes");
        TestGit.Run(work, "push", "origin", "feature");
        _fixture.StartAgent("agent-if-changed");

        var build = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("changes",
            "steps:\n  - label: upload\n    command: buildkite-agent pipeline upload .buildkite/dynamic.yml\n", Branch: "feature", Repository: bare,
            Env: new Dictionary<string, string> { ["BUILDKITE_PULL_REQUEST_BASE_BRANCH"] = "main" }), CancellationToken.None);
        var done = await _fixture.WaitForAsync(build.Id, b => b.State is "passed" or "failed", TimeSpan.FromSeconds(90));

        Assert.True(done.State == "passed", await _fixture.LogAsync(done.Jobs[0].Id));
        // Since the merge-base with main: src/a.cs and notes.txt (the last commit alone would only have notes.txt).
        Assert.Equal(["upload passed", "src-changed passed", "docs-changed skipped", "src-but-not-cs skipped", "always passed"],
            done.Jobs.Select(j => $"{j.Label} {j.State}"));
    }

    [Fact]
    public async Task Upload_PipelineWithStoredDefaultBranch_DiffsAgainstItThroughBuildkitePipelineDefaultBranch()
    {
        // The base is "develop", not the origin/main fallback, and no BUILDKITE_PULL_REQUEST_BASE_BRANCH is given:
        // only BUILDKITE_PIPELINE_DEFAULT_BRANCH from the stored definition can make the diff since the merge-base.
        var bare = Path.Combine(_fixture.DataDirectory, "develop.git");
        var work = Path.Combine(_fixture.DataDirectory, "develop-work");
        TestGit.Run(_fixture.DataDirectory, "init", "--bare", "-b", "develop", bare);
        TestGit.Run(_fixture.DataDirectory, "clone", bare, work);
        Directory.CreateDirectory(Path.Combine(work, "src"));
        Directory.CreateDirectory(Path.Combine(work, "docs"));
        await File.WriteAllTextAsync(Path.Combine(work, "docs", "guide.txt"), "guide\n");
        await File.WriteAllTextAsync(Path.Combine(work, ".dynamic.yml"), Dynamic);
        TestGit.Commit(work, "first");
        TestGit.Run(work, "push", "origin", "develop");
        TestGit.Run(work, "checkout", "-b", "feature");
        await File.WriteAllTextAsync(Path.Combine(work, "src", "b.txt"), "b\n");
        TestGit.Commit(work, "change src");
        TestGit.Run(work, "push", "origin", "feature");
        await _fixture.Client.PutPipelineAsync("stored-default", new PutPipelineRequest(
            "steps:\n  - label: upload\n    command: echo \"default=$BUILDKITE_PIPELINE_DEFAULT_BRANCH\" && buildkite-agent pipeline upload .dynamic.yml\n",
            Repository: bare, DefaultBranch: "develop"), CancellationToken.None);
        _fixture.StartAgent("agent-stored-default");

        var build = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("stored-default", null, Branch: "feature"), CancellationToken.None);
        var adHoc = await _fixture.CreateBuildAsync("steps:\n  - command: echo \"default=${BUILDKITE_PIPELINE_DEFAULT_BRANCH:-unset}\"\n", "no-definition");
        var done = await _fixture.WaitForAsync(build.Id, b => b.State is "passed" or "failed", TimeSpan.FromSeconds(90));
        var adHocDone = await _fixture.WaitForAsync(adHoc.Id, b => b.State is "passed" or "failed", TimeSpan.FromSeconds(90));

        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        Assert.True(done.State == "passed", log);
        Assert.Contains("default=develop", log, StringComparison.Ordinal);
        // Since the merge-base with develop only src/b.txt changed; docs/guide.txt is on develop already.
        Assert.Equal(["upload passed", "src-changed passed", "docs-changed skipped", "src-but-not-cs passed", "always passed"],
            done.Jobs.Select(j => $"{j.Label} {j.State}"));
        Assert.Contains("default=unset", await _fixture.LogAsync(adHocDone.Jobs[0].Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WithoutAGitCheckout_KeepsEveryStepAndSaysWhy()
    {
        _fixture.StartAgent("agent-no-git");
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Dynamic));
        var build = await _fixture.CreateBuildAsync(
            $"steps:\n  - label: upload\n    command: echo {encoded} | base64 -d > dynamic.yml && buildkite-agent pipeline upload dynamic.yml\n", "no-git");

        var done = await _fixture.WaitForAsync(build.Id, b => b.State is "passed" or "failed", TimeSpan.FromSeconds(90));

        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        Assert.True(done.State == "passed", log);
        Assert.Equal(["upload", "src-changed", "docs-changed", "src-but-not-cs", "always"], done.Jobs.Select(j => j.Label));
        Assert.All(done.Jobs, j => Assert.Equal("passed", j.State));
        Assert.Contains("is not a git checkout; all steps are kept", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_BadChangedFiles_Returns400AndInsertsNothing()
    {
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: echo x\n", "bad-changes");
        var agent = new AgentApiClient(_fixture.Http);
        await agent.RegisterAsync(_fixture.Tokens.AgentToken,
            new RegisterAgentRequest("agent-bad-changes", new Dictionary<string, string> { ["queue"] = "default" }, null, null, 1), CancellationToken.None);
        var job = (await agent.NextJobAsync(CancellationToken.None)).Job!;
        var jobToken = job.Env["BUILDKITE_AGENT_ACCESS_TOKEN"];

        var empty = await UploadAsync(jobToken, new PipelineUploadRequest("steps:\n  - command: y\n", null, "u1", false, null, [""]));
        var tooMany = await UploadAsync(jobToken, new PipelineUploadRequest(
            "steps:\n  - command: y\n", null, "u2", false, null, [.. Enumerable.Range(0, 100_001).Select(i => i.ToString(CultureInfo.InvariantCulture))]));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (empty, tooMany));
        Assert.Single((await _fixture.Client.GetBuildAsync(build.Id, CancellationToken.None)).Jobs);
    }

    private async Task<HttpStatusCode> UploadAsync(string jobToken, PipelineUploadRequest body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/agent/v1/job/pipelines")
        {
            Content = JsonContent.Create(body, ProtocolJsonContext.Default.PipelineUploadRequest),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jobToken);
        using var response = await _fixture.Http.SendAsync(request);
        return response.StatusCode;
    }
}
