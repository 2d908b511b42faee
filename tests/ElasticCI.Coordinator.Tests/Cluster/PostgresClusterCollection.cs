namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// One real PostgreSQL server for the cluster tests; they run one after another (a test restarts the server), and after
/// the parallel collections, alone: lease failover is timed in seconds, and under the whole suite's load on two cores an
/// attempt starved of CPU failed the 30 s takeover wait.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "Postgres cluster";
}
