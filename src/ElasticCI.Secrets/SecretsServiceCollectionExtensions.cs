using ElasticCI.Secrets;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The secret stores' registration entry points; everything else in this assembly is internal.</summary>
public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the coordinator's default secret store: one encrypted file per secret under <paramref name="directory"/>
    /// (created 0700), its master key at <c>&lt;directory&gt;.master.key</c>. TryAdd: a secret store registered first wins.
    /// </summary>
    public static IServiceCollection AddLocalSecrets(this IServiceCollection services, string directory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        services.TryAddSingleton<ISecretStore>(_ => new LocalSecretStore(new LocalSecretStoreOptions { Directory = directory }));
        return services;
    }

    /// <summary>
    /// Registers the S3 secret store factory, which opens the bucket of each stack that sets <c>SecretsBucket</c>
    /// (credentials from the AWS SDK's default chain, never from the stack file).
    /// </summary>
    public static IServiceCollection AddS3Secrets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<S3SecretStoreFactory>();
        return services;
    }
}
