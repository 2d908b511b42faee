using ElasticCI.Cluster;
using ElasticCI.Cluster.Postgres;
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
