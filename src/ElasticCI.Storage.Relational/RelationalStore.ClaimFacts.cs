using System.Data.Common;
using Dapper;
using ElasticCI.Lifecycle;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    /// <summary>The queries <see cref="ClaimChoice"/> asks inside a claim's transaction (<c>concurrencyGroup</c>: the SQL of a job's group).</summary>
    private sealed class ClaimFacts(DbConnection c, DbTransaction tx, string agentId, string queue, DateTimeOffset now, string concurrencyGroup) : IClaimFacts
    {
        public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> HigherPriorityIdleAgentsAsync(CancellationToken cancellationToken)
        {
            // An idle agent that stopped heartbeating no longer holds jobs back, even before the reaper marks it lost.
            var fresh = Time.To(now - ClaimChoice.PriorityHold);
            var rows = await c.QueryAsync<string>("""
                SELECT tags_json FROM agents
                WHERE queue = @queue AND state = 'idle' AND id <> @agentId AND last_heartbeat_at >= @fresh
                  AND priority > (SELECT priority FROM agents WHERE id = @agentId)
                """, new { queue, agentId, fresh }, tx);
            return [.. rows.Select(StoreJson.ReadDictionary)];
        }

        public Task<long> ActiveInGroupAsync(string group, CancellationToken cancellationToken)
            => c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM jobs WHERE {concurrencyGroup} = @group AND state IN ('assigned', 'running')", new { group }, tx);

        public Task<string?> OldestScheduledInGroupAsync(string group, CancellationToken cancellationToken)
            => c.ExecuteScalarAsync<string?>(
                $"SELECT id FROM jobs WHERE {concurrencyGroup} = @group AND state = 'scheduled' ORDER BY created_at, idx, id LIMIT 1", new { group }, tx);
    }
}
