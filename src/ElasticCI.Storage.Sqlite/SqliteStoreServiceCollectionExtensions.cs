using ElasticCI.Cluster;
using ElasticCI.Storage;
using ElasticCI.Storage.Relational;
using ElasticCI.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The SQLite store's one registration entry point; everything else in this assembly is internal.</summary>
public static class SqliteStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded store: one SQLite file at <paramref name="databasePath"/> (created and migrated when first
    /// resolved), serving every store interface of Core. Registrations use TryAdd, so a store interface the caller
    /// registered first wins; the cluster signal defaults to the in-process one.
    /// </summary>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        services.TryAddSingleton<IClusterSignal, InProcessClusterSignal>();
        // A factory registration, so the container disposes (closes) the store on shutdown.
        services.TryAddSingleton(sp => SqliteStore.Open($"Data Source={databasePath};Pooling=false", sp.GetRequiredService<IClusterSignal>()));
        services.AddRelationalStoreInterfaces<SqliteStore>(replace: false);
        // /readyz: the file opens afresh and every migration is applied.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck>(new SqliteReadinessCheck(databasePath)));
        return services;
    }
}
