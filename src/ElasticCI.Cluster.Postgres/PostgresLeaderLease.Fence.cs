using System.Data.Common;

namespace ElasticCI.Cluster.Postgres;

/// <summary>The fencing half: a store write of once-only work checks its term against the lease row in its own transaction.</summary>
internal sealed partial class PostgresLeaderLease : IWriteFence
{
    // FOR SHARE: a takeover (or this replica's renewal) updates the row, so it waits until the checked write has committed or
    // rolled back; a write that passes is therefore ordered before any newer term. clock_timestamp(), not now(): now() is the
    // transaction's start, and the write may have waited for the store's write lock since then.
    private const string CheckTerm =
        "SELECT holder, epoch, expires_at > clock_timestamp() FROM leader_lease WHERE name = @name FOR SHARE";

    public async Task<FenceVerdict> CheckAsync(DbConnection connection, DbTransaction transaction, long epoch, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CheckTerm;
        var name = command.CreateParameter();
        name.ParameterName = "name";
        name.Value = options.LeaseName;
        command.Parameters.Add(name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // No row: the lease was never taken in this database, so no term of it can be current.
        var (holder, holderEpoch, valid) = await reader.ReadAsync(cancellationToken)
            ? (reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2))
            : ("", 0L, false);
        var verdict = new FenceVerdict(holder == replica.Id && holderEpoch == epoch && valid, epoch, holder, holderEpoch);
        if (!verdict.Current)
        {
            Log.FencedWriteRefused(logger, replica.Id, epoch, holder, holderEpoch);
            // This replica's lease loop may not have noticed yet: the term ends now, so every duty of it stops (only that
            // term: a newer one the loop gained meanwhile stays).
            Lose(holder, holderEpoch, onlyTerm: epoch);
        }
        return verdict;
    }
}
