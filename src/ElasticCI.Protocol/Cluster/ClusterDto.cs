namespace ElasticCI.Protocol.Cluster;

/// <summary>Answer to <c>GET /api/v1/cluster</c>: which coordinator replica answered, and which one leads the cluster.</summary>
/// <param name="Replica">The id of the replica that answered (host name plus a random suffix, or its <c>--replica-id</c>).</param>
/// <param name="Leader">The replica that holds the leader lease and runs the once-only work (scaler, reaper, timeouts,
/// notifications, spot deadlines, rolling updates); null while no replica holds a valid lease (a failover in progress).</param>
/// <param name="Epoch">The leader's term: it grows with every change of leader; null with no leader.</param>
/// <param name="Leading">Whether the answering replica is the leader.</param>
public sealed record ClusterDto(string Replica, string? Leader, long? Epoch, bool Leading);
