namespace ElasticCI.Protocol.Stacks;

/// <summary>Answer to <c>GET /api/v1/stacks</c>: every stack the coordinator runs.</summary>
/// <param name="Stacks">The stacks.</param>
public sealed record StackListDto(IReadOnlyList<StackStatusDto> Stacks)
{
    /// <summary>The coordinator replicas' leader, as <c>stack status</c> shows it (from <c>GET /api/v1/cluster</c>); null when not asked.</summary>
    public Cluster.ClusterDto? Cluster { get; init; }

    /// <summary>Queues with waiting jobs that no stack and no connected agent serves; empty when none.</summary>
    public IReadOnlyList<UnservedQueueDto> UnservedQueues { get; init; } = [];
}
