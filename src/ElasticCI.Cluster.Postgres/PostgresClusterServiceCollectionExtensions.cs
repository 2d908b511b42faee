using ElasticCI.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElasticCI.Cluster.Postgres;

/// <summary>The one entry point of the PostgreSQL cluster backend.</summary>
public static class PostgresClusterServiceCollectionExtensions
{
    /// <summary>
    /// Makes this coordinator one replica of several on the PostgreSQL database at <paramref name="connectionString"/>
    /// (an Npgsql connection string, never logged): leadership through the <c>leader_lease</c> table (lease 8 s, renewed
    /// every 2 s) and the cluster signal over <c>LISTEN/NOTIFY</c>, replacing the single-process ones. Call it before the
    /// coordinator's own registrations (they are <c>TryAdd</c>). Throws <see cref="OptionsValidationException"/> listing
    /// every problem of the settings.
    /// </summary>
    public static IServiceCollection AddPostgresCluster(this IServiceCollection services, string connectionString)
        => services.AddPostgresCluster(o => o.ConnectionString = connectionString);

    internal static IServiceCollection AddPostgresCluster(this IServiceCollection services, Action<PostgresClusterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new PostgresClusterOptions();
        configure(options);
        var problems = new PostgresClusterOptionsValidator().Validate(null, options);
        if (problems.Failed)
        {
            throw new OptionsValidationException(nameof(PostgresClusterOptions), typeof(PostgresClusterOptions), problems.Failures);
        }
        var database = new PostgresClusterDatabase(options);
        // An instance, not a factory: the host hands the signal to its store before the container is built.
        var signal = new PostgresClusterSignal();
        services.AddSingleton(options);
        services.AddSingleton(_ => database);
        services.AddSingleton(signal);
        services.AddSingleton<IClusterSignal>(signal);
        services.AddSingleton(sp => new PostgresLeaderLease(database, options, sp.GetRequiredService<ReplicaIdentity>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<PostgresLeaderLease>>()));
        services.AddSingleton<ILeadership>(sp => sp.GetRequiredService<PostgresLeaderLease>());
        // Registered first, so stopped last: the lease is released after every once-only duty has stopped.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PostgresLeaderLease>());
        services.AddSingleton<IHostedService>(sp => new PostgresSignalRelay(signal, database, options,
            sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<PostgresSignalRelay>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, PostgresClusterReadinessCheck>());
        return services;
    }
}
