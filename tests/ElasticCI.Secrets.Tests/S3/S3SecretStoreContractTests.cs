namespace ElasticCI.Secrets.S3;

/// <summary>The secret-store contract against the S3 store on a real s3rver, a fresh bucket per test.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3SecretStoreContractTests(S3rverFixture server) : SecretStoreContract
{
    private protected override async Task<ISecretStore> CreateEmptyStoreAsync()
    {
        var bucket = $"contract-{Guid.NewGuid():N}";
        await server.CreateBucketAsync(bucket);
        return server.CreateStore(bucket);
    }
}
