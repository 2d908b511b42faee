using System.Security.Cryptography;

namespace ElasticCI.Secrets.S3;

/// <summary>The secret-store contract against the S3 store with client-side envelope encryption, on a real s3rver.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3EncryptedSecretStoreContractTests(S3rverFixture server) : SecretStoreContract
{
    private protected override async Task<ISecretStore> CreateEmptyStoreAsync()
    {
        var bucket = $"sealed-{Guid.NewGuid():N}";
        await server.CreateBucketAsync(bucket);
        return server.CreateStore(bucket, RandomNumberGenerator.GetBytes(32));
    }
}
