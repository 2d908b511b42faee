namespace ElasticCI.Cluster;

/// <summary>One term of this replica's lead: its fencing <paramref name="Epoch"/> (higher for every new term in the cluster) and the
/// time its lease runs out unless renewed.</summary>
internal sealed record LeaderTerm(long Epoch, DateTimeOffset ValidUntil);
