namespace ElasticCI.Secrets;

/// <summary>Opens the S3 secret store of one bucket; registered by <c>AddS3Secrets</c>, used for stacks that set <c>SecretsBucket</c>.</summary>
internal sealed class S3SecretStoreFactory
{
    /// <summary>A store over <paramref name="options"/>' bucket; nothing is contacted until the first read. The caller disposes it.</summary>
    public S3SecretStore Open(S3SecretStoreOptions options) => new(options);
}
