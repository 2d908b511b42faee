using System.Data.Common;
using Dapper;
using ElasticCI.Scaling;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    public Task AddInstanceAsync(string instanceId, string stack, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync((c, tx) => c.ExecuteAsync(
            "INSERT INTO instances (id, stack, state, launched_at) VALUES (@instanceId, @stack, 'pending', @at)",
            new { instanceId, stack, at = Time.To(now) }, tx), cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(string stack, DateTimeOffset terminatedSince, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<InstanceRecord>>(async c =>
        {
            var rows = (await c.QueryAsync<InstanceRow>("""
                SELECT id, stack, state, launched_at, terminated_at, lifecycle, interruption_deadline FROM instances
                WHERE stack = @stack AND (state != 'terminated' OR terminated_at >= @since)
                ORDER BY launched_at, id
                """, new { stack, since = Time.To(terminatedSince) })).ToList();
            var ids = rows.Select(r => r.Id).ToList();
            var agents = (await c.QueryAsync<AgentRow>(
                $"SELECT {AgentColumns} FROM agents WHERE {Sql.In("instance_id", "ids")} ORDER BY registered_at, name", new { ids = ids.ToArray() }))
                .Select(a => a.ToRecord())
                .ToLookup(a => a.InstanceId!, StringComparer.Ordinal);
            return rows.Select(r => r.ToRecord(agents[r.Id].ToList())).ToList();
        }, cancellationToken);

    public Task<bool> TryDrainInstanceAsync(string instanceId, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            // The whole decision is one write transaction, so no job can be claimed by one of these agents
            // between "all idle" and "draining": scale-in never takes a busy agent.
            var busy = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM agents WHERE instance_id = @instanceId AND state = 'busy'", new { instanceId }, tx);
            if (busy > 0)
            {
                return false;
            }
            var at = Time.To(now);
            var changed = await c.ExecuteAsync(
                "UPDATE instances SET state = 'draining', drained_at = @at WHERE id = @instanceId AND state IN ('pending', 'running')",
                new { at, instanceId }, tx);
            if (changed == 0)
            {
                return false;
            }
            await c.ExecuteAsync("UPDATE agents SET state = 'draining' WHERE instance_id = @instanceId AND state = 'idle'", new { instanceId }, tx);
            return true;
        }, drained => drained, cancellationToken);

    public Task MarkInstanceTerminatedAsync(string instanceId, DateTimeOffset now, ScalingEvent why, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            var connected = (await c.QueryAsync<string>(
                "SELECT id FROM agents WHERE instance_id = @instanceId AND state IN ('idle', 'busy', 'draining')", new { instanceId }, tx)).ToList();
            await LoseJobsOfAsync(c, tx, connected, at, LostWithInstanceTerminated);
            // An agent that vanished with its instance without saying goodbye is lost, not disconnected.
            await c.ExecuteAsync($"UPDATE agents SET state = 'lost', job_id = NULL, disconnected_at = @at WHERE {Sql.In("id", "connected")}", new { at, connected = connected.ToArray() }, tx);
            await c.ExecuteAsync("UPDATE instances SET state = 'terminated', terminated_at = @at WHERE id = @instanceId AND state != 'terminated'",
                new { at, instanceId }, tx);
            await InsertScalingEventAsync(c, tx, why);
            return 0;
        }, _ => true, cancellationToken);

    public Task AddScalingEventAsync(ScalingEvent scalingEvent, CancellationToken cancellationToken)
        => WriteAsync((c, tx) => InsertScalingEventAsync(c, tx, scalingEvent), cancellationToken);

    private static Task<int> InsertScalingEventAsync(DbConnection c, DbTransaction tx, ScalingEvent scalingEvent)
        => c.ExecuteAsync(
            "INSERT INTO scaling_events (stack, at, action, reason, instance_id) VALUES (@Stack, @at, @Action, @Reason, @InstanceId)",
            new { scalingEvent.Stack, at = Time.To(scalingEvent.At), scalingEvent.Action, scalingEvent.Reason, scalingEvent.InstanceId }, tx);

    public Task<IReadOnlyList<ScalingEvent>> ListScalingEventsAsync(string stack, int limit, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<ScalingEvent>>(async c => (await c.QueryAsync<ScalingEventRow>(
            "SELECT stack, at, action, reason, instance_id FROM scaling_events WHERE stack = @stack ORDER BY id DESC LIMIT @limit",
            new { stack, limit })).Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<QueueDemand> GetQueueDemandAsync(string queue, CancellationToken cancellationToken)
        => ReadAsync(async c =>
        {
            var counts = await c.QuerySingleAsync<(long Scheduled, long Running, long Waiting)>("""
                SELECT COUNT(CASE WHEN state = 'scheduled' THEN 1 END), COUNT(CASE WHEN state IN ('assigned', 'running') THEN 1 END), COUNT(CASE WHEN state = 'pending' THEN 1 END)
                FROM jobs WHERE queue = @queue AND state IN ('scheduled', 'assigned', 'running', 'pending')
                """, new { queue });
            return new QueueDemand((int)counts.Scheduled, (int)counts.Running, (int)counts.Waiting);
        }, cancellationToken);

    public Task<int> CountConnectedAgentsAsync(string queue, CancellationToken cancellationToken)
        => ReadAsync(async c => (int)await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM agents WHERE queue = @queue AND state IN (@Idle, @Busy, @Draining)",
            new { queue, Idle = AgentState.Idle.ToName(), Busy = AgentState.Busy.ToName(), Draining = AgentState.Draining.ToName() }), cancellationToken);
}
