using System.Data.Common;

namespace ElasticCI.Cluster;

/// <summary>
/// Checks a leader's fencing token (its term's epoch) against the shared record of the lease, inside a store's write
/// transaction, so a write of once-only work lands only while its term is still the cluster's current one. Implemented by
/// a leadership that lives in the store's own database (<c>ElasticCI.Cluster.Postgres.PostgresLeaderLease</c>).
/// </summary>
internal interface IWriteFence
{
    /// <summary>
    /// Whether <paramref name="epoch"/> is still this replica's valid term, read in <paramref name="transaction"/> with the
    /// lease row locked against a takeover until the transaction ends (so a write that passes commits before any new term).
    /// </summary>
    Task<FenceVerdict> CheckAsync(DbConnection connection, DbTransaction transaction, long epoch, CancellationToken cancellationToken);
}
