using ElasticCI.Cluster;
using ElasticCI.Cluster.Postgres;
using ElasticCI.Stacks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>Builds the PostgreSQL cluster parts over one test database, the way AddPostgresCluster does.</summary>
internal static class ClusterParts
{
    public static PostgresClusterOptions Options(string connectionString, TimeSpan? lease = null, TimeSpan? renew = null) => new()
    {
        ConnectionString = connectionString,
        LeaseDuration = lease ?? TimeSpan.FromSeconds(2),
        RenewInterval = renew ?? TimeSpan.FromMilliseconds(500),
    };

    public static PostgresLeaderLease Lease(PostgresClusterOptions options, string replica, ILogger<PostgresLeaderLease>? logger = null)
        => new(new PostgresClusterDatabase(options), options, new ReplicaIdentity(replica), TimeProvider.System, logger ?? NullLogger<PostgresLeaderLease>.Instance);

    public static (PostgresClusterSignal Signal, PostgresSignalRelay Relay) Signal(PostgresClusterOptions options)
    {
        var signal = new PostgresClusterSignal();
        return (signal, new PostgresSignalRelay(signal, new PostgresClusterDatabase(options), options, TimeProvider.System, NullLogger<PostgresSignalRelay>.Instance));
    }

    /// <summary>
    /// A replica's options on <paramref name="database"/> of <paramref name="server"/>, in a fresh data directory (named
    /// after <paramref name="purpose"/>), listening on a free port; callers add their stacks and tokens.
    /// </summary>
    public static CoordinatorOptions ReplicaOptions(PostgresServerFixture server, string database, string replica, string purpose) => new()
    {
        DataDirectory = Directory.CreateTempSubdirectory($"elastic-ci-{purpose}-").FullName,
        Listen = "127.0.0.1:0",
        AgentCommand = ["true"],
        ReplicaId = replica,
        Store = server.Url(database),
    };

    /// <summary>Joins a host to the cluster on <paramref name="database"/>: a <paramref name="lease"/>, renewed every 500 ms.</summary>
    public static IServiceCollection AddTestCluster(this IServiceCollection services, PostgresServerFixture server, string database, TimeSpan lease)
        => services.AddPostgresCluster(o =>
        {
            o.ConnectionString = server.ConnectionString(database);
            o.LeaseDuration = lease;
            o.RenewInterval = TimeSpan.FromMilliseconds(500);
        });

    /// <summary>A stack of <see cref="AgentCloudProvider"/> machines, one agent each, up to 10.</summary>
    public static StackDefinition CloudStack(string name) => StackDefinition.EmbeddedDefault with
    {
        Name = name, Queue = name, Provider = AgentCloudProvider.ProviderName, Scaling = new() { MinSize = 0, MaxSize = 10, AgentsPerInstance = 1 },
    };

    /// <summary>Polls <paramref name="condition"/> (cheap, in-memory) until it holds; fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"timed out after {limit} waiting for {what}");
            await Task.Delay(20);
        }
    }
}
