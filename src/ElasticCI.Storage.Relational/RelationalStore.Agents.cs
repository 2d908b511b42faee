using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    private const string AgentColumns = "id, name, tags_json, instance_id, state, job_id, registered_at, last_heartbeat_at, idle_since, version";

    public Task<AgentRecord> RegisterAsync(NewAgent agent, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            var instanceState = agent.InstanceId is null
                ? null
                : await c.ExecuteScalarAsync<string?>("SELECT state FROM instances WHERE id = @id", new { id = agent.InstanceId }, tx);
            // An agent that registers into an instance already chosen for scale-in never takes work.
            var state = instanceState is "draining" or "terminating" or "terminated" ? AgentState.Draining.ToName() : AgentState.Idle.ToName();
            var queue = agent.Tags.TryGetValue("queue", out var q) ? q : "default";
            await c.ExecuteAsync("""
                INSERT INTO agents (id, name, token_hash, queue, tags_json, instance_id, hostname, pid, state, registered_at, last_heartbeat_at, idle_since, priority, version)
                VALUES (@Id, @Name, @TokenHash, @queue, @tags, @InstanceId, @Hostname, @Pid, @state, @at, @at, @at, @Priority, @Version)
                """, new { agent.Id, agent.Name, agent.TokenHash, queue, tags = StoreJson.Write(agent.Tags), agent.InstanceId, agent.Hostname, agent.Pid, state, at, agent.Priority, agent.Version }, tx);
            if (agent.InstanceId is not null)
            {
                await c.ExecuteAsync("UPDATE instances SET state = 'running', running_at = @at WHERE id = @id AND state = 'pending'",
                    new { at, id = agent.InstanceId }, tx);
            }
            return (await c.QuerySingleAsync<AgentRow>($"SELECT {AgentColumns} FROM agents WHERE id = @Id", new { agent.Id }, tx)).ToRecord();
        }, _ => true, cancellationToken);

    public Task<AgentRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
        => ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<AgentRow>(
            $"SELECT {AgentColumns} FROM agents WHERE token_hash = @tokenHash AND state IN ('idle', 'busy', 'draining')", new { tokenHash }))?.ToRecord(),
            cancellationToken);

    public Task<AgentRecord?> GetAgentAsync(string agentId, CancellationToken cancellationToken)
        => ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<AgentRow>(
            $"SELECT {AgentColumns} FROM agents WHERE id = @agentId", new { agentId }))?.ToRecord(), cancellationToken);

    public Task<(AgentRecord Agent, IReadOnlyList<string> CancelJobs)> HeartbeatAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("UPDATE agents SET last_heartbeat_at = @at WHERE id = @agentId AND state IN ('idle', 'busy', 'draining')",
                new { at = Time.To(now), agentId }, tx);
            var agent = (await c.QuerySingleAsync<AgentRow>($"SELECT {AgentColumns} FROM agents WHERE id = @agentId", new { agentId }, tx)).ToRecord();
            var cancel = (await c.QueryAsync<string>(
                "SELECT id FROM jobs WHERE agent_id = @agentId AND state IN ('assigned', 'running') AND cancel_reason IS NOT NULL",
                new { agentId }, tx)).ToList();
            return (agent, (IReadOnlyList<string>)cancel);
        }, cancellationToken);

    public Task DisconnectAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            await LoseJobsOfAsync(c, tx, [agentId], at, LostWithAgentDisconnected);
            await c.ExecuteAsync("""
                UPDATE agents SET state = 'disconnected', job_id = NULL, disconnected_at = @at
                WHERE id = @agentId AND state IN ('idle', 'busy', 'draining')
                """, new { at, agentId }, tx);
            return 0;
        }, _ => true, cancellationToken);

    public Task<int> MarkLostAsync(DateTimeOffset heartbeatBefore, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            var lost = (await c.QueryAsync<string>(
                "SELECT id FROM agents WHERE state IN ('idle', 'busy', 'draining') AND last_heartbeat_at < @cutoff",
                new { cutoff = Time.To(heartbeatBefore) }, tx)).ToList();
            await LoseJobsOfAsync(c, tx, lost, at,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"its agent sent no heartbeat for {(now - heartbeatBefore).TotalSeconds:0} s (it stopped or cannot reach the coordinator)"));
            await c.ExecuteAsync($"UPDATE agents SET state = 'lost', job_id = NULL, disconnected_at = @at WHERE {Sql.In("id", "lost")}", new { at, lost = lost.ToArray() }, tx);
            return lost.Count;
        }, count => count > 0, cancellationToken);
}
