namespace ElasticCI.Cluster;

/// <summary>This coordinator process's replica id (see <see cref="ReplicaIds"/>), registered once by the host.</summary>
internal sealed record ReplicaIdentity(string Id);
