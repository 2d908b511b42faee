using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using ElasticCI.Coordinator.Artifacts;

namespace ElasticCI.Coordinator.Tests.Artifacts;

/// <summary>
/// Artifacts on a real S3-compatible server (s3rver): uploaded by a real agent's job through one coordinator host,
/// served by a second host that shares the store file and the bucket but not the data directory.
/// </summary>
public sealed class S3ArtifactStoreTests(S3rverFixture s3) : IClassFixture<S3rverFixture>, IAsyncLifetime
{
    private readonly string _prefix = "ci/" + Guid.NewGuid().ToString("N")[..8];
    private CoordinatorFixture _first = null!;
    private CoordinatorFixture _second = null!;

    public async Task InitializeAsync()
    {
        _first = await CoordinatorFixture.StartAsync(UseBucket);
        _second = await CoordinatorFixture.StartSharingAsync(_first, UseBucket);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Artifact_50MiBUploadedThroughOneHost_DownloadsWholeFromTheOther()
    {
        _first.StartAgent("agent-s3-big");
        var build = await _first.CreateBuildAsync("""
            steps:
              - command: |
                  head -c 52428800 /dev/urandom > big.bin
                  sha256sum big.bin
                  buildkite-agent artifact upload big.bin
            """);
        var done = await _first.WaitForPassedOrFailedAsync(build.Id);
        var log = await _first.LogAsync(done.Jobs[0].Id);
        Assert.True(done.State == "passed", log);

        var artifact = await SingleArtifactAsync(_second, build.Id);
        Assert.Equal(("big.bin", 52428800L), (artifact.GetProperty("path").GetString(), artifact.GetProperty("size").GetInt64()));
        var recorded = artifact.GetProperty("sha256").GetString()!;
        Assert.Contains(recorded + "  big.bin", log, StringComparison.Ordinal);

        using var response = await GetAsync(_second, $"api/v1/artifacts/{artifact.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var sha256 = SHA256.Create();
        var downloaded = Convert.ToHexStringLower(await sha256.ComputeHashAsync(body));
        Assert.Equal(recorded, downloaded);
        // The bytes came from the bucket: neither host keeps artifacts in its data directory.
        Assert.False(Directory.Exists(Path.Combine(_first.DataDirectory, "artifacts")));
        Assert.False(Directory.Exists(Path.Combine(_second.DataDirectory, "artifacts")));
        using var client = Client();
        var listed = await client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = S3rverFixture.Bucket, Prefix = _prefix + "/" });
        Assert.Equal((artifact.GetProperty("id").GetString(), 52428800L), (listed.S3Objects.Single().Key[(_prefix.Length + 1)..], listed.S3Objects.Single().Size));
    }

    [Fact]
    public async Task Download_ObjectGoneFromTheBucket_Is404Problem()
    {
        _first.StartAgent("agent-s3-missing");
        var build = await _first.CreateBuildAsync("steps:\n  - command: echo hello > small.txt && buildkite-agent artifact upload small.txt\n");
        var done = await _first.WaitForPassedOrFailedAsync(build.Id);
        Assert.True(done.State == "passed", await _first.LogAsync(done.Jobs[0].Id));
        var id = (await SingleArtifactAsync(_first, build.Id)).GetProperty("id").GetString()!;
        using (var present = await GetAsync(_second, $"api/v1/artifacts/{id}"))
        {
            Assert.Equal("hello\n", await present.Content.ReadAsStringAsync());
        }
        using var client = Client();
        await client.DeleteObjectAsync(S3rverFixture.Bucket, _prefix + "/" + id);

        using var response = await GetAsync(_second, $"api/v1/artifacts/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"The content of artifact {id} was not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_ArtifactOfExactlyOnePartAndEmpty_RoundTrip()
    {
        using var store = new S3ArtifactStore(Options());
        foreach (var size in new[] { 0, S3ArtifactStore.PartSize, S3ArtifactStore.PartSize + 1 })
        {
            var content = RandomNumberGenerator.GetBytes(size);
            var id = Guid.NewGuid().ToString();

            var saved = await store.SaveAsync(id, new MemoryStream(content), "application/octet-stream", CancellationToken.None);

            Assert.Equal((long)size, saved!.Size);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), saved.Sha256);
            await using var read = await store.OpenReadAsync(id, CancellationToken.None);
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.True(content.AsSpan().SequenceEqual(copy.ToArray()), $"{size} bytes came back different");
        }
        Assert.Null(await store.OpenReadAsync("never-stored", CancellationToken.None));
    }

    private void UseBucket(CoordinatorOptions options)
    {
        options.Artifacts = Options();
        // Nothing here tests lost agents: the fixture's 2 s (for those tests) lost an agent generating 50 MiB at the
        // suite's busy start.
        options.AgentLostAfter = TimeSpan.FromSeconds(15);
    }

    private ArtifactStoreOptions Options() => new()
    {
        Url = $"s3://{S3rverFixture.Bucket}/{_prefix}",
        Endpoint = s3.ServiceUrl,
        PathStyle = true,
        AccessKeyId = S3rverFixture.Credential,
        SecretAccessKey = S3rverFixture.Credential,
    };

    private AmazonS3Client Client() => new(new BasicAWSCredentials(S3rverFixture.Credential, S3rverFixture.Credential),
        new AmazonS3Config { ServiceURL = s3.ServiceUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    private static async Task<JsonElement> SingleArtifactAsync(CoordinatorFixture host, string buildId)
    {
        using var response = await GetAsync(host, $"api/v1/builds/{buildId}/artifacts");
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return Assert.Single(list.RootElement.GetProperty("artifacts").EnumerateArray()).Clone();
    }

    private static async Task<HttpResponseMessage> GetAsync(CoordinatorFixture host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Tokens.ApiToken);
        return await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
