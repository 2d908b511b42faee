using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ElasticCI.Coordinator.Tests.Secrets;

/// <summary>
/// Secrets prefixes granted in the pipeline definition (<c>pipeline set --secrets-prefix-grants</c>,
/// <c>secretsPrefixGrants</c> of <c>PUT /api/v1/pipelines/{slug}</c>): a granted prefix is delivered, any other override
/// is refused with the clear message and audited, and bad grants are refused with 400 naming the element.
/// </summary>
public sealed class PipelineGrantTests : IAsyncLifetime
{
    private const string Override = "env:\n      BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX:";
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task PrefixOverride_GrantedInPipelineDefinition_ReadsThePrefixNotAudited()
    {
        await PutSecretAsync("shared/env", "export SHARED_VALUE=from-shared-41\n");
        var (exit, output, error) = await SetPipelineAsync("deployer", "--secrets-prefix-grants", "shared,infra/");
        Assert.True(exit == 0, error);
        Assert.Contains("secrets grants: infra, shared", output, StringComparison.Ordinal);
        _fixture.StartAgent("agent-definition-grant");

        var build = await _fixture.CreateBuildAsync($"steps:\n  - command: echo \"value=$SHARED_VALUE\"\n    {Override} shared\n", "deployer");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "passed", log);
        Assert.Contains("value=from-shared-41", log, StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListSecretsAuditAsync(null, null, CancellationToken.None)).Entries);
        Assert.Equal(["infra", "shared"], (await _fixture.Client.GetPipelineAsync("deployer", CancellationToken.None)).SecretsPrefixGrants);
    }

    [Fact]
    public async Task PrefixOverride_NotGrantedOrGrantRemoved_RefusedWithMessageAndAudited()
    {
        await PutSecretAsync("shared/env", "export SHARED_VALUE=from-shared-42\n");
        Assert.Equal(0, (await SetPipelineAsync("other", "--secrets-prefix-grants", "infra")).Exit);
        _fixture.StartAgent("agent-definition-refused");

        var build = await _fixture.CreateBuildAsync($"steps:\n  - command: echo \"value=$SHARED_VALUE command-ran\"\n    {Override} shared\n", "other");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "failed", log);
        Assert.Contains("BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX=shared is refused: pipeline 'other' may read only its own secrets prefix 'other' and the prefixes granted to it (infra)", log, StringComparison.Ordinal);
        Assert.Contains("or in the pipeline definition (elastic-ci pipeline set other --secrets-prefix-grants shared ...)", log, StringComparison.Ordinal);
        Assert.DoesNotContain("from-shared-42", log, StringComparison.Ordinal);
        var entry = Assert.Single((await _fixture.Client.ListSecretsAuditAsync("other", null, CancellationToken.None)).Entries);
        Assert.Equal((done.Jobs[0].Id, "shared", "refused"), (entry.JobId, entry.RequestedPrefix, entry.Outcome));

        // Setting the definition again without the flag keeps the grants; an empty list removes them.
        Assert.Equal(0, (await SetPipelineAsync("other")).Exit);
        Assert.Equal(["infra"], (await _fixture.Client.GetPipelineAsync("other", CancellationToken.None)).SecretsPrefixGrants);
        Assert.Equal(0, (await SetPipelineAsync("other", "--secrets-prefix-grants", "")).Exit);
        Assert.Empty((await _fixture.Client.GetPipelineAsync("other", CancellationToken.None)).SecretsPrefixGrants);
    }

    [Theory]
    [InlineData("[\"shared\", \"\"]", "secretsPrefixGrants[1] must not be empty")]
    [InlineData("[\"../a\"]", "secretsPrefixGrants[0] ('../a') is not a usable secrets prefix: A secret key must not contain '..' segments.")]
    [InlineData("[\"a/../../b\"]", "secretsPrefixGrants[0] ('a/../../b') is not a usable secrets prefix")]
    [InlineData("[\"/etc\"]", "secretsPrefixGrants[0] ('/etc') is not a usable secrets prefix: A secret key must be relative")]
    [InlineData("[\"a\\u0000b\"]", "secretsPrefixGrants[0]")]
    [InlineData("[\"a\\nb\"]", "secretsPrefixGrants[0]")]
    public async Task PutPipeline_BadGrant_400NamingTheFieldNothingStored(string grants, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/v1/pipelines/bad-grants");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);
        request.Content = new StringContent($$"""{"configuration":"steps:\n  - command: \"true\"\n","secretsPrefixGrants":{{grants}}}""", Encoding.UTF8, "application/json");

        using var response = await _fixture.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Empty((await _fixture.Client.ListPipelinesAsync(CancellationToken.None)).Pipelines);
    }

    [Fact]
    public async Task PipelineSet_EmptyElementInGrants_FailsNamingItNothingStored()
    {
        var (exit, _, error) = await SetPipelineAsync("cli-bad", "--secrets-prefix-grants", "shared,,infra");

        Assert.NotEqual(0, exit);
        Assert.Contains("secretsPrefixGrants[1] must not be empty", error, StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListPipelinesAsync(CancellationToken.None)).Pipelines);
    }

    private async Task<(int Exit, string Output, string Error)> SetPipelineAsync(string slug, params string[] extra)
    {
        var file = Path.Combine(_fixture.DataDirectory, slug + ".yml");
        await File.WriteAllTextAsync(file, "steps:\n  - command: \"true\"\n");
        return await _fixture.RunCliAsync(["pipeline", "set", slug, "--file", file, .. extra]);
    }

    private Task PutSecretAsync(string key, string value)
        => _fixture.Client.PutSecretAsync(key, null, Encoding.UTF8.GetBytes(value), CancellationToken.None);
}
