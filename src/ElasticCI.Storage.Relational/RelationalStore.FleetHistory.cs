using Dapper;

namespace ElasticCI.Storage.Relational;

/// <summary>Finished-job counts and the stack chart's samples (<see cref="IMetricsStore"/>).</summary>
internal abstract partial class RelationalStore
{
    public Task<IReadOnlyList<FinishedJobCount>> GetFinishedJobCountsAsync(CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<FinishedJobCount>>(async c => [.. (await c.QueryAsync<(string Queue, string State, long Count)>("""
                SELECT queue, state, COUNT(*) FROM jobs
                WHERE state IN ('passed', 'failed', 'canceled', 'timed_out', 'lost', 'broken', 'skipped')
                GROUP BY queue, state ORDER BY queue, state
                """)).Select(r => new FinishedJobCount(r.Queue, r.State, r.Count))], cancellationToken);

    public Task AddFleetSamplesAsync(IReadOnlyList<FleetSample> samples, DateTimeOffset keepSince, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("""
                INSERT INTO fleet_samples (at, stack, scheduled, running, desired, running_instances)
                VALUES (@at, @Stack, @Scheduled, @Running, @Desired, @RunningInstances)
                ON CONFLICT (stack, at) DO UPDATE SET scheduled = excluded.scheduled, running = excluded.running,
                    desired = excluded.desired, running_instances = excluded.running_instances
                """, samples.Select(s => new { at = Time.To(s.At), s.Stack, Scheduled = (long)s.Scheduled, Running = (long)s.Running, Desired = (long)s.Desired, RunningInstances = (long)s.RunningInstances }), tx);
            return await c.ExecuteAsync("DELETE FROM fleet_samples WHERE at < @keep", new { keep = Time.To(keepSince) }, tx);
        }, cancellationToken);

    public Task<IReadOnlyList<FleetSample>> ListFleetSamplesAsync(DateTimeOffset since, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<FleetSample>>(async c => [.. (await c.QueryAsync<(long At, string Stack, long Scheduled, long Running, long Desired, long RunningInstances)>(
                "SELECT at, stack, scheduled, running, desired, running_instances FROM fleet_samples WHERE at >= @since ORDER BY at, stack",
                new { since = Time.To(since) })).Select(r => new FleetSample(Time.From(r.At), r.Stack, (int)r.Scheduled, (int)r.Running, (int)r.Desired, (int)r.RunningInstances))],
            cancellationToken);
}
