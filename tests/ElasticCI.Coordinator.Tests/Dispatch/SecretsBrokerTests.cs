using System.Net;
using ElasticCI.Client;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>The job secrets broker: a job sees its own pipeline's and the global secrets, never another pipeline's.</summary>
public sealed class SecretsBrokerTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    private string TokenFile => Path.Combine(_fixture.DataDirectory, "job-token");

    [Fact]
    public async Task JobOfPipelineB_CannotReadPipelineAsSecrets()
    {
        await PutAsync("pipe-a/env", "A_TOKEN=alpha-only-value\n");
        await PutAsync("pipe-a/secret-files/DB_PASSWORD", "alpha-db-password");
        await PutAsync("pipe-b/env", "B_TOKEN=bravo-value-1\n");
        await PutAsync("secret-files/SHARED_TOKEN", "shared-value-99");
        _fixture.StartAgent("agent-broker");
        var build = await _fixture.CreateBuildAsync($"steps:\n  - command: printf %s \"$BUILDKITE_AGENT_ACCESS_TOKEN\" > {TokenFile} && sleep 30\n", "pipe-b");
        await _fixture.WaitForAsync(build.Id, b => b.Jobs[0].State == "running");
        var job = new JobApiClient(_fixture.Http, await TokenFromFileAsync());

        var refused = await Assert.ThrowsAsync<CoordinatorException>(() => job.GetSecretAsync("pipe-a/env", CancellationToken.None));
        var refusedFile = await Assert.ThrowsAsync<CoordinatorException>(() => job.GetSecretAsync("pipe-a/secret-files/DB_PASSWORD", CancellationToken.None));
        var own = await job.GetSecretAsync("pipe-b/env", CancellationToken.None);
        var secrets = await job.GetSecretsAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedFile.StatusCode);
        Assert.Equal("B_TOKEN=bravo-value-1\n", System.Text.Encoding.UTF8.GetString(own));
        Assert.Equal("pipe-b", secrets.Prefix);
        Assert.Equal(["pipe-b/env"], secrets.EnvFiles.Select(f => f.Key));
        Assert.Equal(["secret-files/SHARED_TOKEN"], secrets.SecretFiles.Keys);
        Assert.Contains("bravo-value-1", secrets.Redact);
        Assert.Contains("shared-value-99", secrets.Redact);
        var everything = System.Text.Json.JsonSerializer.Serialize(secrets, ElasticCI.Protocol.ProtocolJsonContext.Default.JobSecretsDto);
        Assert.DoesNotContain("alpha", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(_fixture.Tokens.AgentToken, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvHook_EvalSecretsEnv_PipelineValueOverridesGlobal_AndTokenIsRedacted()
    {
        await PutAsync("env", "export GREETING=global\nexport DEPLOY_TOKEN=global-token-value\n");
        await PutAsync("pipe-c/env", "GREETING='from pipeline'\n");
        await PutAsync("pipe-c/secret-files/DEPLOY_TOKEN", "pipeline-token-value-42");
        _fixture.StartAgent("agent-env");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: |
                  eval "$(buildkite-agent secrets env)"
                  echo "greeting=$GREETING"
                  echo "token=$DEPLOY_TOKEN"
                  test "$DEPLOY_TOKEN" = pipeline-token-value-42
            """, "pipe-c");

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "passed", log);
        Assert.Contains("greeting=from pipeline", log, StringComparison.Ordinal);
        Assert.Contains("token=[REDACTED]", log, StringComparison.Ordinal);
        Assert.DoesNotContain("pipeline-token-value-42", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretsEnv_MalformedEnvFile_FailsNamingFileAndLineNotValue()
    {
        await PutAsync("pipe-d/env", "OK=1\nBROKEN VALUE=hidden-secret-text\n");
        _fixture.StartAgent("agent-bad");
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: buildkite-agent secrets env\n", "pipe-d");

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.Equal("failed", done.State);
        Assert.Equal(1, done.Jobs[0].ExitStatus);
        Assert.Contains("pipe-d/env: line 2", log, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-secret-text", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretsDisabled_InTheStepEnv_AnswersNothing()
    {
        await PutAsync("pipe-e/env", "E_VALUE=echo-value\n");
        _fixture.StartAgent("agent-off");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: test -z "$(buildkite-agent secrets env)"
                env:
                  SECRETS_PLUGIN_ENABLED: "false"
            """, "pipe-e");

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.True(done.State == "passed", await _fixture.LogAsync(done.Jobs[0].Id));
    }

    private Task PutAsync(string key, string value)
        => _fixture.Client.PutSecretAsync(key, null, System.Text.Encoding.UTF8.GetBytes(value), CancellationToken.None);

    private Task<string> TokenFromFileAsync() => Eventually.FileTextAsync(TokenFile);
}
