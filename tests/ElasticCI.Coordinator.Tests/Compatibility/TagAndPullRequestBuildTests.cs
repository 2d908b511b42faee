using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Tests.Compatibility;

/// <summary>
/// Issue 13: tag and pull-request builds feed <c>build.tag</c> / <c>build.pull_request.*</c> in <c>if</c>, the job
/// environment and the checkout (<c>refs/pull/N/head</c>); every job gets the full <c>BUILDKITE_*</c> set.
/// </summary>
public sealed class TagAndPullRequestBuildTests : IAsyncLifetime
{
    // In the style of public library pipelines: releases only for tags, docs previews only for labelled PRs.
    private const string Pipeline = """
        steps:
          - label: ":rocket: publish"
            command: echo "publishing $$BUILDKITE_TAG from $$BUILDKITE_BRANCH"
            if: build.tag != null
          - label: ":books: docs preview"
            command: echo "preview for PR $$BUILDKITE_PULL_REQUEST into $$BUILDKITE_PULL_REQUEST_BASE_BRANCH labels=$$BUILDKITE_PULL_REQUEST_LABELS draft=$$BUILDKITE_PULL_REQUEST_DRAFT"
            if: build.pull_request.id != null && build.pull_request.labels includes "docs" && !build.pull_request.draft
          - label: ":test_tube: test"
            command: echo "tag=[$$BUILDKITE_TAG] pr=$$BUILDKITE_PULL_REQUEST head=$(git log -1 --format=%s)"
        """;

    private CoordinatorFixture _fixture = null!;
    private string _repository = "";

    public async Task InitializeAsync()
    {
        _fixture = await CoordinatorFixture.StartAsync();
        // A repository with a GitHub-style pull request ref next to main.
        _repository = Directory.CreateDirectory(Path.Combine(_fixture.DataDirectory, "repo")).FullName;
        TestGit.Run(_repository, "init", "-q", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(_repository, "README"), "main\n");
        TestGit.Commit(_repository, "on main");
        TestGit.Run(_repository, "tag", "v1.2.3");
        TestGit.Run(_repository, "checkout", "-q", "-b", "feature");
        await File.WriteAllTextAsync(Path.Combine(_repository, "README"), "feature\n");
        TestGit.Commit(_repository, "the pull request's head");
        TestGit.Run(_repository, "update-ref", "refs/pull/7/head", "feature");
        TestGit.Run(_repository, "checkout", "-q", "main");
        TestGit.Run(_repository, "branch", "-D", "feature");
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task PullRequestWithLabel_RunsTheGatedStepAndChecksOutThePullRequestHead()
    {
        _fixture.StartAgent("agent-pr");
        var file = Path.Combine(_fixture.DataDirectory, "pipeline.yml");
        await File.WriteAllTextAsync(file, Pipeline);

        var (exit, output, error) = await _fixture.RunCliAsync("build", file, "--pipeline", "lib", "--repo", _repository, "--branch", "feature",
            "--pull-request", "7", "--pull-request-base-branch", "main", "--pull-request-label", "docs", "--pull-request-label", "ci", "--output", "json");
        Assert.True(exit == 0, error);
        var created = System.Text.Json.JsonSerializer.Deserialize(output, ElasticCI.Protocol.ProtocolJsonContext.Default.BuildDto)!;
        Assert.Equal([":books: docs preview", ":test_tube: test"], created.Jobs.Select(j => j.Label));
        Assert.Equal("7", created.PullRequest);

        var done = await _fixture.WaitForPassedOrFailedAsync(created.Id);
        var preview = await _fixture.LogAsync(done.Jobs[0].Id);
        var test = await _fixture.LogAsync(done.Jobs[1].Id);
        Assert.True(done.State == "passed", preview + test);
        Assert.Contains("preview for PR 7 into main labels=docs,ci draft=false", preview, StringComparison.Ordinal);
        Assert.Contains("tag=[] pr=7 head=the pull request's head", test, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DraftPullRequestAndBranchBuild_SkipTheGatedSteps()
    {
        var draft = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("lib", Pipeline)
        {
            PullRequest = "8", PullRequestDraft = true, PullRequestLabels = ["docs"],
        }, CancellationToken.None);
        Assert.Equal([":test_tube: test"], draft.Jobs.Select(j => j.Label));
        var branch = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("lib", Pipeline), CancellationToken.None);
        Assert.Equal([":test_tube: test"], branch.Jobs.Select(j => j.Label));
    }

    [Fact]
    public async Task TagBuild_RunsThePublishStepOnTheTag()
    {
        _fixture.StartAgent("agent-tag");
        var build = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("lib", Pipeline, Repository: _repository) { Tag = "v1.2.3" },
            CancellationToken.None);
        Assert.Equal([":rocket: publish", ":test_tube: test"], build.Jobs.Select(j => j.Label));
        Assert.Equal("v1.2.3", build.Branch);

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var publish = await _fixture.LogAsync(done.Jobs[0].Id);
        Assert.True(done.State == "passed", publish);
        Assert.Contains("publishing v1.2.3 from v1.2.3", publish, StringComparison.Ordinal);
        Assert.Contains("tag=[v1.2.3] pr=false head=on main", await _fixture.LogAsync(done.Jobs[1].Id), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"pipeline\":\"lib\",\"yaml\":\"steps: [{command: x}]\",\"pullRequest\":\"abc\"}", "must be the pull request")]
    [InlineData("{\"pipeline\":\"lib\",\"yaml\":\"steps: [{command: x}]\",\"pullRequestLabels\":[\"docs\"]}", "need pull_request")]
    [InlineData("{\"pipeline\":\"lib\",\"yaml\":\"steps: [{command: x}]\",\"pullRequest\":\"1\",\"pullRequestLabels\":[\"a,b\"]}", "without commas")]
    [InlineData("{\"pipeline\":\"lib\",\"yaml\":\"steps: [{command: x}]\",\"tag\":\"has space\"}", "tag must be")]
    [InlineData("{\"pipeline\":\"lib\",\"yaml\":\"steps: [{command: x}]\",\"tag\":\"\"}", "tag must be")]
    public async Task CreateBuild_BadTagOrPullRequestFields_AreRefusedAndCreateNothing(string body, string expected)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/builds") { Content = content };
        request.Headers.Authorization = new("Bearer", _fixture.Tokens.ApiToken);
        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListBuildsAsync("lib", 10, CancellationToken.None)).Builds);
    }

    [Fact]
    public async Task Job_SeesTheCompleteBuildkiteVariableList()
    {
        _fixture.StartAgent("agent-env");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: env | grep -o '^BUILDKITE[A-Z_]*=' | tr -d = | sort | tr '\n' ' '; echo
            """);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        string[] expected =
        [
            "BUILDKITE", "BUILDKITE_AGENT_ACCESS_TOKEN", "BUILDKITE_AGENT_ENDPOINT", "BUILDKITE_AGENT_ID", "BUILDKITE_AGENT_JOB_API_SOCKET",
            "BUILDKITE_AGENT_JOB_API_TOKEN", "BUILDKITE_AGENT_META_DATA_QUEUE", "BUILDKITE_AGENT_NAME", "BUILDKITE_AGENT_PID",
            "BUILDKITE_ARTIFACT_PATHS", "BUILDKITE_BIN_PATH", "BUILDKITE_BRANCH", "BUILDKITE_BUILD_AUTHOR", "BUILDKITE_BUILD_AUTHOR_EMAIL",
            "BUILDKITE_BUILD_CHECKOUT_PATH", "BUILDKITE_BUILD_CREATOR", "BUILDKITE_BUILD_CREATOR_EMAIL", "BUILDKITE_BUILD_ID",
            "BUILDKITE_BUILD_NUMBER", "BUILDKITE_BUILD_PATH", "BUILDKITE_BUILD_URL", "BUILDKITE_CANCEL_GRACE_PERIOD", "BUILDKITE_COMMAND",
            "BUILDKITE_COMMAND_EVAL", "BUILDKITE_COMMIT", "BUILDKITE_COMPUTE_TYPE", "BUILDKITE_CONFIG_PATH", "BUILDKITE_ENV_FILE",
            "BUILDKITE_ENV_JSON_FILE", "BUILDKITE_GROUP_ID", "BUILDKITE_GROUP_KEY", "BUILDKITE_GROUP_LABEL", "BUILDKITE_JOB_ID",
            "BUILDKITE_LABEL", "BUILDKITE_LOCAL_HOOKS_ENABLED", "BUILDKITE_MESSAGE", "BUILDKITE_ORGANIZATION_SLUG", "BUILDKITE_PIPELINE_DEFAULT_BRANCH",
            "BUILDKITE_PIPELINE_NAME", "BUILDKITE_PIPELINE_PROVIDER", "BUILDKITE_PIPELINE_SLUG", "BUILDKITE_PLUGINS", "BUILDKITE_PLUGINS_ENABLED",
            "BUILDKITE_PLUGINS_PATH", "BUILDKITE_PTY", "BUILDKITE_PULL_REQUEST", "BUILDKITE_PULL_REQUEST_BASE_BRANCH", "BUILDKITE_PULL_REQUEST_DRAFT",
            "BUILDKITE_PULL_REQUEST_LABELS", "BUILDKITE_PULL_REQUEST_REPO", "BUILDKITE_PULL_REQUEST_USING_MERGE_REFSPEC", "BUILDKITE_REBUILT_FROM_BUILD_ID",
            "BUILDKITE_REBUILT_FROM_BUILD_NUMBER", "BUILDKITE_REDACTED_VARS", "BUILDKITE_REPO", "BUILDKITE_RETRY_COUNT", "BUILDKITE_SHELL",
            "BUILDKITE_SOURCE", "BUILDKITE_SSH_KEYSCAN", "BUILDKITE_STEP_ID", "BUILDKITE_STEP_KEY", "BUILDKITE_TAG", "BUILDKITE_TIMEOUT",
            "BUILDKITE_TRIGGERED_FROM_BUILD_ID", "BUILDKITE_TRIGGERED_FROM_BUILD_NUMBER", "BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG",
        ];
        Assert.True(done.State == "passed", log);
        var line = log.Split('\n').Single(l => l.StartsWith("BUILDKITE ", StringComparison.Ordinal));
        Assert.Equal(string.Join(' ', expected.Order(StringComparer.Ordinal)), line.Trim());
    }
}
