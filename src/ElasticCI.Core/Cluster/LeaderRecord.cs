namespace ElasticCI.Cluster;

/// <summary>The cluster's leader as recorded: the replica holding the lease, its term's epoch and when the lease expires.</summary>
internal sealed record LeaderRecord(string Replica, long Epoch, DateTimeOffset ExpiresAt);
