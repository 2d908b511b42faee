namespace ElasticCI.Cluster;

/// <summary>
/// One condition of <c>GET /readyz</c> (the store reachable and migrated; the cluster database reachable). Every registered
/// check must pass for the replica to take traffic from a load balancer.
/// </summary>
internal interface IReadinessCheck
{
    /// <summary>What is checked, e.g. "store" or "cluster".</summary>
    string Name { get; }

    /// <summary>Null when ready; otherwise why not, one line without secrets (never a connection string).</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
