using System.Text;
using System.Text.Json;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Tests.Secrets;

/// <summary>
/// Secrets prefixes are granted, not chosen: the prefix-override attack of issue 12 (a step of pipeline b setting
/// <c>BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX: a</c>) gets nothing of a's secrets, fails, and is audited.
/// </summary>
public sealed class PrefixGrantTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    // A stack on the default queue (never launching anything) grants pipeline "granted" the prefix "shared".
    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync(options =>
    {
        options.Stacks = [new StackDefinition { Name = "grants", Queue = "default", Scaling = new() { MaxSize = 0 }, SecretsPrefixGrants = "granted=shared" }];
        options.AgentCommand = ["/bin/false"];
    });

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task PrefixOverride_NotGranted_JobFailsGetsNothingAndIsAudited()
    {
        await PutAsync("a/env", "export A_DEPLOY_KEY=a-secret-value-31\n");
        await PutAsync("a/secret-files/A_TOKEN", "a-secret-file-value-32");
        _fixture.StartAgent("agent-prefix-attack");

        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: echo "stolen=$A_DEPLOY_KEY token=$A_TOKEN command-ran"
                env:
                  BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX: a
            """, "b");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "failed", log);
        Assert.Contains("BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX=a is refused: pipeline 'b' may read only its own secrets prefix 'b'", log, StringComparison.Ordinal);
        Assert.DoesNotContain("a-secret-value-31", log, StringComparison.Ordinal);
        Assert.DoesNotContain("a-secret-file-value-32", log, StringComparison.Ordinal);
        Assert.DoesNotContain("command-ran", log.Replace("echo \"stolen", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var (exit, output, error) = await _fixture.RunCliAsync("secrets", "audit", "--pipeline", "b", "--output", "json");
        Assert.True(exit == 0, error);
        var entry = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("entries").EnumerateArray());
        Assert.Equal((done.Jobs[0].Id, "a", "refused"),
            (entry.GetProperty("jobId").GetString(), entry.GetProperty("requestedPrefix").GetString(), entry.GetProperty("outcome").GetString()));
        var (_, text, _) = await _fixture.RunCliAsync("secrets", "audit");
        Assert.Contains($"refused  pipeline=b job={done.Jobs[0].Id} queue=default prefix=a", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrefixOverride_GrantedInStackConfiguration_ReadsThePrefix()
    {
        await PutAsync("shared/env", "export SHARED_VALUE=from-shared\n");
        _fixture.StartAgent("agent-prefix-granted");

        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: echo "value=$SHARED_VALUE"
                env:
                  BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX: shared
            """, "granted");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "passed", log);
        Assert.Contains("value=from-shared", log, StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListSecretsAuditAsync(null, null, CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task SecretsAudit_BadLimit_Returns400()
    {
        var error = await Assert.ThrowsAsync<ElasticCI.Client.CoordinatorException>(() => _fixture.Client.ListSecretsAuditAsync(null, 0, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
    }

    private Task PutAsync(string key, string value)
        => _fixture.Client.PutSecretAsync(key, null, Encoding.UTF8.GetBytes(value), CancellationToken.None);
}
