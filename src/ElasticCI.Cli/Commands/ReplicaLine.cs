using ElasticCI.Client;
using ElasticCI.Cluster;
using ElasticCI.Protocol.Cluster;

namespace ElasticCI.Cli.Commands;

/// <summary>The one-line answer to "which replica is this, and who leads", for <c>server</c>'s start and <c>stack status</c>.</summary>
internal static class ReplicaLine
{
    /// <summary>At start: this replica's id and whether it leads (a replica that has not yet won or lost an election says who holds the lease).</summary>
    public static async Task<string> DescribeAsync(ILeadership leadership)
    {
        if (leadership.CurrentTerm is { } term)
        {
            return $"Replica {leadership.ReplicaId}: leader (epoch {term.Epoch})";
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var leader = await leadership.ReadLeaderAsync(timeout.Token);
            return leader is null
                ? $"Replica {leadership.ReplicaId}: follower (no leader yet; the lease is being taken)"
                : $"Replica {leadership.ReplicaId}: follower (leader {leader.Replica}, epoch {leader.Epoch})";
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            return $"Replica {leadership.ReplicaId}: follower (the cluster database did not answer: {ex.Message})";
        }
    }

    /// <summary>For <c>stack status</c>: "Coordinator leader: X (epoch N); answered by Y".</summary>
    public static string Describe(ClusterDto cluster)
        => cluster.Leader is null
            ? $"Coordinator leader: none (failover in progress); answered by replica {cluster.Replica}"
            : $"Coordinator leader: {cluster.Leader} (epoch {cluster.Epoch}); answered by replica {cluster.Replica}";

    /// <summary>The cluster view, or null from a coordinator that predates <c>GET /api/v1/cluster</c> (404) or cannot read it now.</summary>
    public static async Task<ClusterDto?> TryGetClusterAsync(CoordinatorClient api, CancellationToken cancellationToken)
    {
        try
        {
            return await api.GetClusterAsync(cancellationToken);
        }
        catch (CoordinatorException)
        {
            return null;
        }
    }
}
