namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>One real PostgreSQL server for the cluster tests; they run one after another (a test restarts the server).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "Postgres cluster";
}
