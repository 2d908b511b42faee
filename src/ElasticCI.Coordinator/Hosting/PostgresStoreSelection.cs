using ElasticCI.Cluster;
using ElasticCI.Cluster.Postgres;
using ElasticCI.Coordinator.Security;
using ElasticCI.Storage;
using ElasticCI.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Coordinator.Hosting;

/// <summary>Reads the <c>store</c> setting: <c>sqlite</c> (or none) keeps the embedded store; a PostgreSQL URL registers the shared one.</summary>
internal static class PostgresStoreSelection
{
    public const string Sqlite = "sqlite";

    /// <summary>
    /// Registers the PostgreSQL store <paramref name="store"/> names, with <paramref name="signal"/>, and writes the tokens
    /// shared through it to <paramref name="dataDirectory"/>. False (nothing registered) for the SQLite store.
    /// </summary>
    /// <exception cref="StoreUnavailableException">A bad store value or an unusable database; the message names the host, never the password.</exception>
    public static async Task<bool> TryAddAsync(IServiceCollection services, string? store, string dataDirectory, IClusterSignal signal, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(store) || store.Trim().Equals(Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (!PostgresStoreOptions.TryParse(store.Trim(), out var options, out var error))
        {
            throw new StoreUnavailableException(PostgresStoreOptions.IsPostgresUrl(store.Trim())
                ? error!
                : $"the store must be '{Sqlite}' or postgres://user:password@host:port/database, got {Redact(store.Trim())}");
        }
        if (!services.Any(d => d.ServiceType == typeof(ILeadership)))
        {
            // Several replicas on one database: leadership through its lease table, wake-ups over LISTEN/NOTIFY. The
            // cluster's signal (an instance) is the one the store raises.
            services.AddPostgresCluster(options!.ConnectionString);
        }
        else if (!services.Any(d => d.ServiceType == typeof(IClusterSignal)))
        {
            services.AddSingleton(signal);
        }
        await services.AddPostgresStoreAsync(options!, cancellationToken);
        var tokens = (ISharedTokenStore)services.Last(d => d.ServiceType == typeof(ISharedTokenStore)).ImplementationInstance!;
        if (tokens is ISharedTokenRotation rotation)
        {
            // `token rotate agent` then replaces the shared token, which every replica reads.
            services.AddSingleton(rotation);
        }
        await SharedTokenFiles.WriteAsync(tokens, dataDirectory, TimeProvider.System.GetUtcNow(), cancellationToken);
        return true;
    }

    /// <summary>The value without a password: <c>scheme://user@host...</c>, or only the text before any '@'.</summary>
    internal static string Redact(string value)
    {
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        var start = schemeEnd >= 0 ? schemeEnd + 3 : 0;
        var slash = value.IndexOf('/', start);
        var authorityEnd = slash >= 0 ? slash : value.Length;
        var at = value.LastIndexOf('@', authorityEnd - 1, authorityEnd - start);
        if (at < 0)
        {
            return $"'{value}'";
        }
        var userInfo = value[start..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon >= 0 ? userInfo[..colon] + ":***" : userInfo;
        return $"'{value[..start]}{user}{value[at..]}'";
    }
}
