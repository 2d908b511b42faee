using System.Data.Common;
using Dapper;
using ElasticCI.Lifecycle;
using ElasticCI.Scaling;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : ISpotStore
{
    /// <summary>The cancel reason of jobs stopped by a spot interruption notice: they are retried whatever their step says.</summary>
    internal const string SpotInterruption = Jobs.CancelReasons.SpotInterruption;

    public Task<string> AssignLifecycleAsync(string instanceId, string stack, int onDemandBase, int onDemandPercentage, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            // Counted in the write transaction over the instances added before this one (insertion order), whose lifecycle is decided.
            var counts = await c.QuerySingleAsync<(long OnDemand, long Spot)>($"""
                SELECT COUNT(CASE WHEN lifecycle = 'on-demand' THEN 1 END), COUNT(CASE WHEN lifecycle = 'spot' THEN 1 END) FROM instances
                WHERE stack = @stack AND {Sql.InsertionOrder} < (SELECT {Sql.InsertionOrder} FROM instances WHERE id = @instanceId)
                  AND state IN ('pending', 'running') AND interruption_deadline IS NULL
                """, new { stack, instanceId }, tx);
            var lifecycle = SpotCapacity.Next(onDemandBase, onDemandPercentage, (int)counts.OnDemand, (int)counts.Spot);
            await c.ExecuteAsync("UPDATE instances SET lifecycle = @lifecycle WHERE id = @instanceId", new { lifecycle, instanceId }, tx);
            return lifecycle;
        }, cancellationToken);

    public Task<(InterruptOutcome Outcome, string? Stack)> TryInterruptAsync(string instanceId, DateTimeOffset now, DateTimeOffset deadline, CancellationToken cancellationToken)
        => WriteAndSignalAsync<(InterruptOutcome, string?)>(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<(string Stack, string State, string Lifecycle, long? Deadline)>(
                "SELECT stack, state, lifecycle, interruption_deadline FROM instances WHERE id = @instanceId", new { instanceId }, tx);
            if (row.Stack is null)
            {
                return (InterruptOutcome.NotFound, null);
            }
            if (row.Lifecycle != InstanceLifecycles.Spot)
            {
                return (InterruptOutcome.OnDemand, row.Stack);
            }
            // Compare-and-set on "live and no notice yet": a second notice, or one for a gone instance, changes nothing.
            var changed = await c.ExecuteAsync("""
                UPDATE instances SET state = 'draining', drained_at = COALESCE(drained_at, @now), interruption_deadline = @at
                WHERE id = @instanceId AND state IN ('pending', 'running', 'draining') AND interruption_deadline IS NULL
                """, new { instanceId, now = Time.To(now), at = Time.To(deadline) }, tx);
            if (changed == 0)
            {
                return (InterruptOutcome.NotLive, row.Stack);
            }
            // Busy agents too: they finish (or are canceled from) their job and then hear "stop" instead of taking another.
            await c.ExecuteAsync("UPDATE agents SET state = 'draining' WHERE instance_id = @instanceId AND state IN ('idle', 'busy')", new { instanceId }, tx);
            return (InterruptOutcome.Interrupted, row.Stack);
        }, result => result.Item1 == InterruptOutcome.Interrupted, cancellationToken);

    public Task<IReadOnlyList<string>> CancelJobsForInterruptionAsync(string instanceId, CancellationToken cancellationToken)
        => WriteAndSignalAsync<IReadOnlyList<string>>(async (c, tx) =>
        {
            var jobs = (await c.QueryAsync<string>("""
                SELECT j.id FROM jobs j JOIN agents a ON a.id = j.agent_id
                WHERE a.instance_id = @instanceId AND j.state IN ('assigned', 'running') AND j.cancel_reason IS NULL
                """, new { instanceId }, tx)).ToList();
            await c.ExecuteAsync($"UPDATE jobs SET cancel_reason = @SpotInterruption WHERE {Sql.In("id", "jobs")} AND cancel_reason IS NULL",
                new { jobs = jobs.ToArray(), SpotInterruption }, tx);
            return jobs;
        }, jobs => jobs.Count > 0, cancellationToken);

    /// <summary>Makes the retry <see cref="RetryRules.RetriesInterrupted"/> asks for, if any.</summary>
    private static async Task<bool> RetryInterruptedAsync(DbConnection c, DbTransaction tx, string jobId, long at)
    {
        var row = await c.QuerySingleAsync<(string? CancelReason, string? RetriedBy, string State)>(
            "SELECT cancel_reason, retried_by, state FROM jobs WHERE id = @jobId", new { jobId }, tx);
        if (!RetryRules.RetriesInterrupted(row.CancelReason, row.RetriedBy, Jobs.JobStates.Parse(row.State)))
        {
            return false;
        }
        await CreateRetryAsync(c, tx, jobId, null, DateTimeOffset.FromUnixTimeMilliseconds(at), at);
        return true;
    }
}
