using System.Net;
using System.Text;
using ElasticCI.Client;
using ElasticCI.Secrets;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Tests.Secrets;

/// <summary>
/// The admin secrets API with <c>?stack=NAME</c> (what <c>secrets ... --stack</c> calls) against a real coordinator whose
/// stacks keep their secrets in a real s3rver bucket: the coordinator writes the bucket exactly as its jobs read it.
/// </summary>
public sealed class StackSecretsApiTests : IClassFixture<S3rverFixture>, IAsyncLifetime
{
    private readonly S3rverFixture _s3;
    private CoordinatorFixture _fixture = null!;

    public StackSecretsApiTests(S3rverFixture s3)
    {
        _s3 = s3;
        // The coordinator's S3 client uses the SDK's default credential chain, here the environment.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", S3rverFixture.Credential);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", S3rverFixture.Credential);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    public async Task InitializeAsync()
    {
        try
        {
            await _s3.CreateBucketAsync("sealedapi");
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Made by an earlier test of this class: the s3rver is shared, the coordinator is not.
        }
        _fixture = await CoordinatorFixture.StartAsync(options =>
        {
            options.Stacks =
            [
                new StackDefinition { Name = "open", Queue = "open", Scaling = new() { MaxSize = 0 }, SecretsBucket = S3rverFixture.Bucket, SecretsBucketEndpoint = _s3.ServiceUrl },
                new StackDefinition
                {
                    Name = "sealed", Queue = "sealed", Scaling = new() { MaxSize = 0 }, SecretsBucket = "sealedapi", SecretsBucketEndpoint = _s3.ServiceUrl,
                    SecretsClientSideEncryption = true,
                },
                new StackDefinition { Name = "plain", Queue = "plain", Scaling = new() { MaxSize = 0 } },
            ];
            options.AgentCommand = ["/bin/false"];
        });
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task PutGetListDelete_WithStack_ActOnThatStacksBucketOnly()
    {
        var client = _fixture.Client;

        await client.PutSecretAsync("env", "api-app", "open", "OPEN_TOKEN=open-value-11\n"u8.ToArray(), CancellationToken.None);

        using (var bucket = _s3.CreateStore())
        {
            Assert.Equal("OPEN_TOKEN=open-value-11\n", Encoding.UTF8.GetString((await bucket.GetAsync("api-app/env", CancellationToken.None))!));
        }
        Assert.Empty((await client.ListSecretsAsync(null, CancellationToken.None)).Secrets);
        Assert.Equal(["api-app/env"], (await client.ListSecretsAsync("api-app/", "open", CancellationToken.None)).Secrets.Select(s => s.Key));
        Assert.Equal("OPEN_TOKEN=open-value-11\n", Encoding.UTF8.GetString(await client.GetSecretAsync("env", "api-app", "open", CancellationToken.None)));
        await Assert.ThrowsAsync<CoordinatorException>(() => client.GetSecretAsync("env", "api-app", null, CancellationToken.None));

        await client.DeleteSecretAsync("env", "api-app", "open", CancellationToken.None);
        Assert.Empty((await client.ListSecretsAsync("api-app/", "open", CancellationToken.None)).Secrets);
    }

    [Fact]
    public async Task Put_StackWithClientSideEncryption_BucketHoldsCiphertextSealedWithTheCoordinatorsKey()
    {
        await _fixture.Client.PutSecretAsync("secret-files/SEALED_TOKEN", "api-sealed", "sealed", "sealed-by-api-42"u8.ToArray(), CancellationToken.None);

        var key = MasterKeyFile.LoadOrCreate(Path.Combine(_fixture.DataDirectory, CoordinatorHost.SecretsDirectory) + ".master.key");
        using var raw = _s3.CreateStore("sealedapi");
        using var opened = _s3.CreateStore("sealedapi", key);
        var stored = (await raw.GetAsync("api-sealed/secret-files/SEALED_TOKEN", CancellationToken.None))!;
        Assert.DoesNotContain("sealed-by-api-42", Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.Equal("sealed-by-api-42", Encoding.UTF8.GetString((await opened.GetAsync("api-sealed/secret-files/SEALED_TOKEN", CancellationToken.None))!));
        Assert.Equal("sealed-by-api-42", Encoding.UTF8.GetString(await _fixture.Client.GetSecretAsync("secret-files/SEALED_TOKEN", "api-sealed", "sealed", CancellationToken.None)));
    }

    [Theory]
    [InlineData("nope", "env", HttpStatusCode.NotFound, "Stack 'nope' was not found")]
    [InlineData("plain", "env", HttpStatusCode.Conflict, "Stack 'plain' has no SecretsBucket")]
    [InlineData("open", "a/../b", HttpStatusCode.BadRequest, "'..'")]
    [InlineData("open", "/etc/passwd", HttpStatusCode.BadRequest, "empty segment")]
    public async Task Put_WithStack_BadInput_RefusedWithTheReason_NothingWritten(string stack, string key, HttpStatusCode status, string reason)
    {
        var refused = await Assert.ThrowsAsync<CoordinatorException>(
            () => _fixture.Client.PutSecretAsync(key, "bad-api", stack, "BAD=1\n"u8.ToArray(), CancellationToken.None));

        Assert.Equal(status, refused.StatusCode);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        using var bucket = _s3.CreateStore();
        Assert.Empty(await bucket.ListAsync("bad-api/", CancellationToken.None));
        Assert.Empty((await _fixture.Client.ListSecretsAsync("bad-api/", CancellationToken.None)).Secrets);
    }
}
