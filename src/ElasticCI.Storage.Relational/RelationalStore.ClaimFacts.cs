using System.Data.Common;
using Dapper;
using ElasticCI.Lifecycle;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    /// <summary>
    /// What a claim reads before it chooses, in one round trip (one command of three statements): the agent, up to
    /// <see cref="ClaimChoice.Candidates"/> scheduled command jobs of its queue in dispatch order, and the tags of the
    /// idle agents of higher priority on that queue (an idle agent that stopped heartbeating no longer holds jobs back,
    /// even before the reaper marks it lost).
    /// </summary>
    private async Task<(AgentRow? Agent, IReadOnlyList<(string Id, string AgentRulesJson, string? Group, long? Limit, string? Method, string BuildId)> Candidates,
        IReadOnlyList<IReadOnlyDictionary<string, string>> HigherPriorityIdle)> ReadClaimFactsAsync(DbConnection c, DbTransaction tx, string agentId, DateTimeOffset now)
    {
        using var facts = await c.QueryMultipleAsync($"""
            SELECT id, name, tags_json, instance_id, state, job_id, registered_at, last_heartbeat_at, idle_since, version FROM agents WHERE id = @agentId;
            SELECT id, agent_rules_json, {ConcurrencyGroup} AS concurrency_group,
                CAST({Sql.JsonText("spec_json", "concurrency", "limit")} AS BIGINT) AS concurrency_limit,
                CAST({Sql.JsonText("spec_json", "concurrency", "method")} AS TEXT) AS concurrency_method, build_id
            FROM jobs WHERE queue = (SELECT queue FROM agents WHERE id = @agentId) AND state = 'scheduled' AND kind = 'command'
            ORDER BY priority DESC, scheduled_at, idx LIMIT @limit;
            SELECT tags_json FROM agents
            WHERE queue = (SELECT queue FROM agents WHERE id = @agentId) AND state = 'idle' AND id <> @agentId AND last_heartbeat_at >= @fresh
              AND priority > (SELECT priority FROM agents WHERE id = @agentId)
            """, new { agentId, limit = ClaimChoice.Candidates, fresh = Time.To(now - ClaimChoice.PriorityHold) }, tx);
        var agent = await facts.ReadSingleOrDefaultAsync<AgentRow>();
        var candidates = (await facts.ReadAsync<(string Id, string AgentRulesJson, string? Group, long? Limit, string? Method, string BuildId)>()).ToList();
        var higher = (await facts.ReadAsync<string>()).Select(StoreJson.ReadDictionary).ToList();
        return (agent, candidates, higher);
    }

    /// <summary>
    /// The facts <see cref="ClaimChoice"/> asks inside a claim's transaction: the higher-priority idle agents read with
    /// the claim's other facts, the concurrency-group counts on demand (<c>concurrencyGroup</c>: the SQL of a job's group).
    /// </summary>
    private sealed class ClaimFacts(
        DbConnection c, DbTransaction tx, IReadOnlyList<IReadOnlyDictionary<string, string>> higherPriorityIdle, string concurrencyGroup) : IClaimFacts
    {
        public Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> HigherPriorityIdleAgentsAsync(CancellationToken cancellationToken)
            => Task.FromResult(higherPriorityIdle);

        public Task<long> ActiveInGroupAsync(string group, CancellationToken cancellationToken)
            => c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM jobs WHERE {concurrencyGroup} = @group AND state IN ('assigned', 'running')", new { group }, tx);

        public Task<string?> OldestScheduledInGroupAsync(string group, CancellationToken cancellationToken)
            => c.ExecuteScalarAsync<string?>(
                $"SELECT id FROM jobs WHERE {concurrencyGroup} = @group AND state = 'scheduled' ORDER BY created_at, idx, id LIMIT 1", new { group }, tx);
    }
}
