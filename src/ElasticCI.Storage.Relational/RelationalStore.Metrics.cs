using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : IMetricsStore
{
    public Task<IReadOnlyList<QueueMetrics>> GetQueueMetricsAsync(CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<QueueMetrics>>(async c =>
        {
            // Same meanings as GetQueueDemandAsync: scheduled = runnable, running = on an agent, waiting = behind a dependency.
            var jobs = (await c.QueryAsync<(string Queue, long Scheduled, long Running, long Waiting)>("""
                SELECT queue, COUNT(CASE WHEN state = 'scheduled' THEN 1 END), COUNT(CASE WHEN state IN ('assigned', 'running') THEN 1 END), COUNT(CASE WHEN state = 'pending' THEN 1 END)
                FROM jobs WHERE state IN ('scheduled', 'assigned', 'running', 'pending') GROUP BY queue
                """)).ToDictionary(r => r.Queue, StringComparer.Ordinal);
            var agents = (await c.QueryAsync<(string Queue, long Idle, long Busy, long Total)>("""
                SELECT queue, COUNT(CASE WHEN state = 'idle' THEN 1 END), COUNT(job_id), COUNT(*)
                FROM agents WHERE state IN ('idle', 'busy', 'draining') GROUP BY queue
                """)).ToDictionary(r => r.Queue, StringComparer.Ordinal);
            return jobs.Keys.Union(agents.Keys).Order(StringComparer.Ordinal).Select(queue =>
            {
                jobs.TryGetValue(queue, out var j);
                agents.TryGetValue(queue, out var a);
                return new QueueMetrics(queue, (int)j.Scheduled, (int)j.Running, (int)j.Waiting, (int)a.Idle, (int)a.Busy, (int)a.Total);
            }).ToList();
        }, cancellationToken);
}
