using ElasticCI.Coordinator.Secrets;
using ElasticCI.Secrets;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Tests.Secrets;

public sealed class JobSecretStoresTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("elastic-ci-job-stores-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void For_QueueOfBucketStack_Bucket_QueueOfPlainOrNoStack_Default_DisabledStack_None()
    {
        var local = new LocalSecretStore(new LocalSecretStoreOptions { Directory = Path.Combine(_directory.FullName, "secrets") });
        using var stores = new JobSecretStores(local, new S3SecretStoreFactory(),
        [
            new StackDefinition { Name = "bucketed", Queue = "bucketed", SecretsBucket = "ci-secrets", SecretsBucketEndpoint = "http://127.0.0.1:1" },
            new StackDefinition { Name = "plain", Queue = "plain" },
            new StackDefinition { Name = "off", Queue = "off", EnableSecretsPlugin = false },
        ], Path.Combine(_directory.FullName, "master.key"));

        Assert.IsType<S3SecretStore>(stores.For("bucketed"));
        Assert.Same(local, stores.For("plain"));
        Assert.Same(local, stores.For("no-stack-serves-this"));
        Assert.Null(stores.For("off"));
    }

    [Fact]
    public void BucketOf_StackWithBucket_TheStoreItsJobsRead_AlsoWithSecretsOff_OtherwiseNull()
    {
        var local = new LocalSecretStore(new LocalSecretStoreOptions { Directory = Path.Combine(_directory.FullName, "secrets") });
        using var stores = new JobSecretStores(local, new S3SecretStoreFactory(),
        [
            new StackDefinition { Name = "bucketed", Queue = "q1", SecretsBucket = "ci-secrets", SecretsBucketEndpoint = "http://127.0.0.1:1" },
            new StackDefinition { Name = "plain", Queue = "q2" },
            new StackDefinition { Name = "off", Queue = "q3", EnableSecretsPlugin = false, SecretsBucket = "ci-off", SecretsBucketEndpoint = "http://127.0.0.1:1" },
        ], Path.Combine(_directory.FullName, "master.key"));

        Assert.Same(stores.For("q1"), stores.BucketOf("bucketed"));
        Assert.Null(stores.BucketOf("plain"));
        Assert.Null(stores.BucketOf("no-such-stack"));
        Assert.IsType<S3SecretStore>(stores.BucketOf("off"));
        Assert.Null(stores.For("q3"));
    }

    [Fact]
    public void OptionsFor_EveryStackKey_MappedOntoTheS3Store()
    {
        var keyFile = Path.Combine(_directory.FullName, "master.key");
        var stack = new StackDefinition
        {
            Name = "s", SecretsBucket = "ci-secrets", SecretsBucketRegion = "eu-west-2", SecretsBucketEndpoint = "http://127.0.0.1:9000",
            SecretsBucketEncryption = true, SecretsClientSideEncryption = true,
        };

        var options = JobSecretStores.OptionsFor(stack, keyFile);
        var plain = JobSecretStores.OptionsFor(new StackDefinition { Name = "p", SecretsBucket = "b-1" }, keyFile);

        Assert.Equal(("ci-secrets", "eu-west-2", "http://127.0.0.1:9000", true), (options.Bucket, options.Region, options.ServiceUrl, options.ForcePathStyle));
        Assert.Equal(S3ServerSideEncryption.Aes256, options.ServerSideEncryption);
        Assert.Equal(MasterKeyFile.LoadOrCreate(keyFile), options.ClientSideEncryptionKey);
        Assert.Equal(("us-east-1", null, false, S3ServerSideEncryption.None), (plain.Region, plain.ServiceUrl, plain.ForcePathStyle, plain.ServerSideEncryption));
        Assert.Null(plain.ClientSideEncryptionKey);
    }

    [Fact]
    public void Constructor_ClientSideEncryptionWithTooOpenMasterKey_RefusedNamingTheFile()
    {
        var keyFile = Path.Combine(_directory.FullName, "master.key");
        File.WriteAllBytes(keyFile, new byte[MasterKeyFile.KeySize]);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var local = new LocalSecretStore(new LocalSecretStoreOptions { Directory = Path.Combine(_directory.FullName, "secrets") });

        var failure = Assert.Throws<InvalidOperationException>(() => new JobSecretStores(local, new S3SecretStoreFactory(),
            [new StackDefinition { Name = "s", Queue = "s", SecretsBucket = "ci-secrets", SecretsClientSideEncryption = true }], keyFile));

        Assert.Contains(keyFile, failure.Message, StringComparison.Ordinal);
    }
}
