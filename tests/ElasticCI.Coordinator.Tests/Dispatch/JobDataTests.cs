using System.Net;
using System.Net.Http.Headers;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>The in-job `buildkite-agent` command against a real coordinator and a real agent process.</summary>
public sealed class JobDataTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Pipeline_MetaDataArtifactsAndAnnotations_PassFromOneStepToTheNext()
    {
        _fixture.StartAgent("agent-data");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - label: produce
                command: |
                  buildkite-agent meta-data set release-name "blue whale"
                  mkdir -p out/nested && echo "payload 42" > out/nested/result.txt && echo other > out/skip.log
                  buildkite-agent artifact upload "out/**/*.txt"
                  buildkite-agent annotate "Built **blue whale**" --style success --context release
                  buildkite-agent annotate " and tested" --context release --append
              - wait
              - label: consume
                command: |
                  test "$(buildkite-agent meta-data get release-name)" = "blue whale"
                  buildkite-agent meta-data exists release-name
                  set +e; buildkite-agent meta-data exists nope; code=$?; set -e
                  test "$code" = 100
                  test "$(buildkite-agent meta-data get nope --default fallback)" = fallback
                  buildkite-agent artifact download "out/**/result.txt" fetched
                  cat fetched/out/nested/result.txt
                  buildkite-agent artifact shasum "out/nested/result.txt" --sha256
                  test -z "$(buildkite-agent artifact search '*.log' 2>/dev/null)"
            """);

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        var consumeLog = await _fixture.LogAsync(done.Jobs[1].Id);
        Assert.True(done.State == "passed", await _fixture.LogAsync(done.Jobs[0].Id) + consumeLog);
        Assert.Contains("payload 42", consumeLog, StringComparison.Ordinal);
        var annotations = await GetAsync($"api/v1/builds/{build.Id}/annotations");
        Assert.Contains("Built **blue whale** and tested", annotations, StringComparison.Ordinal);
        Assert.Contains("\"style\":\"success\"", annotations, StringComparison.Ordinal);
        var artifacts = await GetAsync($"api/v1/builds/{build.Id}/artifacts");
        Assert.Contains("out/nested/result.txt", artifacts, StringComparison.Ordinal);
        Assert.DoesNotContain("skip.log", artifacts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobToken_AfterTheJobFinished_IsRefused()
    {
        _fixture.StartAgent("agent-token");
        var build = await _fixture.CreateBuildAsync($"steps:\n  - command: printf %s \"$BUILDKITE_AGENT_ACCESS_TOKEN\" > {TokenFile}\n");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var token = await TokenFromFileAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/agent/v1/job/meta-data");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("")]
    public async Task UploadArtifact_TraversalOrAbsolutePath_IsRefused(string path)
    {
        _fixture.StartAgent("agent-upload");
        var build = await _fixture.CreateBuildAsync($"steps:\n  - command: printf %s \"$BUILDKITE_AGENT_ACCESS_TOKEN\" > {TokenFile} && sleep 30\n");
        await _fixture.WaitForAsync(build.Id, b => b.Jobs[0].State == "running");
        var token = await TokenFromFileAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/agent/v1/job/artifacts?path=" + Uri.EscapeDataString(path))
        {
            Content = new ByteArrayContent("x"u8.ToArray()),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await GetAsync($"api/v1/builds/{build.Id}/artifacts")).Split("\"path\"").Skip(1));
        await _fixture.Client.CancelBuildAsync(build.Id, CancellationToken.None);
    }

    [Fact]
    public async Task InJobCommand_UnknownSubcommand_NamesWhatIsSupported()
    {
        _fixture.StartAgent("agent-unknown");
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: buildkite-agent frobnicate\n");

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.Equal(2, done.Jobs[0].ExitStatus);
        Assert.Contains("supported: artifact upload", await _fixture.LogAsync(done.Jobs[0].Id), StringComparison.Ordinal);
    }

    // Jobs hand their token to the test through a file: in the log it is redacted, as every *_TOKEN value is.
    private string TokenFile => Path.Combine(_fixture.DataDirectory, "job-token");

    private Task<string> TokenFromFileAsync() => Eventually.FileTextAsync(TokenFile);

    [Fact]
    public async Task Log_SecretValues_AreRedacted()
    {
        _fixture.StartAgent("agent-redact");
        var build = await _fixture.CreateBuildAsync("""
            env:
              DEPLOY_PASSWORD: correct-horse-battery
            steps:
              - command: |
                  echo "the password is $DEPLOY_PASSWORD"
                  printf 'split: correct-horse-'; sleep 1.5; printf 'battery done\n'
            """);

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        Assert.DoesNotContain("correct-horse-battery", log, StringComparison.Ordinal);
        Assert.Contains("the password is [REDACTED]", log, StringComparison.Ordinal);
        Assert.Contains("split: [REDACTED] done", log, StringComparison.Ordinal);
    }

    private async Task<string> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);
        using var response = await _fixture.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
