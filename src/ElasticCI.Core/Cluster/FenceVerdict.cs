namespace ElasticCI.Cluster;

/// <summary>
/// The outcome of checking a write's fencing token: <paramref name="Current"/> when the writer's term (<paramref name="Epoch"/>)
/// still holds the lease; otherwise the write is refused, and <paramref name="Holder"/> and <paramref name="HolderEpoch"/> say
/// who holds the lease now (the holder is this replica itself when its lease lapsed without a takeover yet).
/// </summary>
internal sealed record FenceVerdict(bool Current, long Epoch, string Holder, long HolderEpoch);
