using System.Net.Sockets;
using ElasticCI.Storage;
using ElasticCI.Storage.Postgres;
using ElasticCI.Storage.Relational;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The PostgreSQL store's one registration entry point; everything else in this assembly is internal.</summary>
public static class PostgresStoreServiceCollectionExtensions
{
    /// <summary>
    /// Connects to the database <paramref name="options"/> names, applies pending migrations (once, whatever the number of
    /// coordinators starting) and registers the store under every store interface. Writes raise the cluster signal
    /// already registered in <paramref name="services"/> (an in-process one is added when there is none).
    /// </summary>
    /// <exception cref="Exception">A store-unavailable error (internal type) with a one-line message naming the host, never the password.</exception>
    public static async Task<IServiceCollection> AddPostgresStoreAsync(this IServiceCollection services, PostgresStoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var signal = services.Where(d => d.ServiceType == typeof(IClusterSignal)).Select(d => d.ImplementationInstance).OfType<IClusterSignal>().LastOrDefault();
        if (signal is null)
        {
            signal = new InProcessClusterSignal();
            services.AddSingleton(signal);
        }
        var time = services.Where(d => d.ServiceType == typeof(TimeProvider)).Select(d => d.ImplementationInstance).OfType<TimeProvider>().LastOrDefault()
            ?? TimeProvider.System;
        PostgresStore store;
        try
        {
            store = await PostgresStore.OpenAsync(options.ConnectionString, signal, time, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or SocketException)
        {
            throw new StoreUnavailableException(Describe(options, ex), ex);
        }
        // A factory registration, so the container disposes (closes) the store on shutdown.
        services.AddSingleton(_ => store);
        // The store wins over any store interface registered before (the embedded default of a host, for one).
        services.AddRelationalStoreInterfaces<PostgresStore>(replace: true);
        // An instance: the host reads the shared tokens through it before the container is built.
        services.AddSingleton<ISharedTokenStore>(store);
        return services;
    }

    /// <summary>One line: what failed, where (host and port), and PostgreSQL's or the network's reason. No password.</summary>
    private static string Describe(PostgresStoreOptions options, Exception ex)
    {
        var where = $"PostgreSQL at {options.Host}:{options.Port}";
        var reason = ex switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } p
                => $"{where} refused the login of user {options.Username}: {p.MessageText}",
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } p => $"{where}: {p.MessageText}",
            PostgresException p => $"{where} answered with an error: {p.MessageText} ({p.SqlState})",
            _ when Find<SocketException>(ex) is { } socket => $"cannot connect to {where}: {socket.Message}",
            _ when Find<TimeoutException>(ex) is not null => $"cannot connect to {where}: no answer within {PostgresStoreOptions.DefaultConnectTimeout.TotalSeconds:0} s",
            _ => $"cannot use {where}: {ex.Message}",
        };
        return reason.ReplaceLineEndings(" ");
    }

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }
        return null;
    }
}
