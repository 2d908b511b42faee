using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : IAgentDirectory
{
    public Task<IReadOnlyList<AgentRecord>> ListAgentsAsync(DateTimeOffset goneSince, int limit, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<AgentRecord>>(async c => (await c.QueryAsync<AgentRow>($"""
                SELECT {AgentColumns} FROM agents
                WHERE state IN ('idle', 'busy', 'draining') OR last_heartbeat_at >= @since
                ORDER BY state IN ('idle', 'busy', 'draining') DESC, registered_at DESC LIMIT @limit
                """, new { since = Time.To(goneSince), limit })).Select(r => r.ToRecord()).ToList(), cancellationToken);
}
