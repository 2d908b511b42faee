using ElasticCI.Testing;

namespace ElasticCI.EndToEnd.Cluster;

/// <summary>One real PostgreSQL server shared by every multi-replica test; each test takes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "cluster";
}
