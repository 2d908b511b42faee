using System.Security.Cryptography;
using ElasticCI.Coordinator.Artifacts;

namespace ElasticCI.Coordinator.Tests.Artifacts;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class S3ArtifactMemoryCollection
{
    /// <summary>Runs alone, so the process-wide allocation counter measures this test only.</summary>
    public const string Name = "S3 artifact memory (alone)";
}

/// <summary>An artifact streams through the S3 store: memory allocated does not grow with its size.</summary>
[Collection(S3ArtifactMemoryCollection.Name)]
public sealed class S3ArtifactMemoryTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task SaveAndRead_96MiB_AllocatesFarLessThanTheArtifact()
    {
        const long Size = 96L * 1024 * 1024;
        using var store = new S3ArtifactStore(new ArtifactStoreOptions
        {
            Url = $"s3://{S3rverFixture.Bucket}/memory",
            Endpoint = s3.ServiceUrl,
            PathStyle = true,
            AccessKeyId = S3rverFixture.Credential,
            SecretAccessKey = S3rverFixture.Credential,
        });
        string expected;
        using (var sha256 = SHA256.Create())
        {
            expected = Convert.ToHexStringLower(await sha256.ComputeHashAsync(new GeneratedStream(Size)));
        }
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var saved = await store.SaveAsync("big", new GeneratedStream(Size), "application/octet-stream", CancellationToken.None);
        string downloaded;
        await using (var read = await store.OpenReadAsync("big", CancellationToken.None))
        {
            using var sha256 = SHA256.Create();
            downloaded = Convert.ToHexStringLower(await sha256.ComputeHashAsync(read!));
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(Size, saved!.Size);
        Assert.Equal(expected, saved.Sha256);
        Assert.Equal(saved.Sha256, downloaded);
        // Measured: about 10 MiB for 64 MiB and 15 MiB for 512 MiB (one 8 MiB part buffer plus the SDK's own).
        Assert.True(allocated < Size / 3, $"{allocated / (1024 * 1024)} MiB allocated to move a {Size / (1024 * 1024)} MiB artifact");
    }
}
