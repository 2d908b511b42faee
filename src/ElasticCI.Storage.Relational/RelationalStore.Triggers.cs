using Dapper;
using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Lifecycle;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    public Task<IReadOnlyList<JobRecord>> ListRunnableTriggersAsync(CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<JobRecord>>(async c => (await c.QueryAsync<JobRow>(
            $"SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.kind = 'trigger' AND j.state = 'scheduled' ORDER BY j.created_at"))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<bool> StartTriggerAsync(string jobId, string? triggeredBuildId, bool async, string? failure, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            var job = await c.QuerySingleOrDefaultAsync<(string? BuildId, string? Kind, string? State)>(
                "SELECT build_id, kind, state FROM jobs WHERE id = @jobId", new { jobId }, tx);
            if (job.BuildId is not { } buildId)
            {
                return false;
            }
            var start = TriggerStartDecision.Decide(ParseKind(job.Kind!), JobStates.Parse(job.State!), triggeredBuildId, async, failure);
            if (start is null)
            {
                return false;
            }
            var move = new JobMove(jobId, JobKind.Trigger, JobState.Scheduled, start.State, at) { ExitStatus = start.ExitStatus, TriggeredBuildId = triggeredBuildId };
            if (!await TransitionAsync(c, tx, move))
            {
                return false;
            }
            if (start.Log is { } log)
            {
                var data = System.Text.Encoding.UTF8.GetBytes(log);
                await c.ExecuteAsync($"INSERT INTO log_chunks (job_id, seq, {Sql.LogOffset}, data) VALUES (@jobId, 0, 0, @data)", new { jobId, data }, tx);
                await c.ExecuteAsync("UPDATE jobs SET log_size = @size WHERE id = @jobId", new { size = (long)data.Length, jobId }, tx);
            }
            await AdvanceBuildAsync(c, tx, buildId, [jobId], at);
            return true;
        }, started => started, cancellationToken);

    public Task<int> FinishTriggersAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            var done = (await c.QueryAsync<(string Id, string BuildId, string TriggeredState)>("""
                SELECT j.id, j.build_id, b.state FROM jobs j JOIN builds b ON b.id = j.triggered_build_id
                WHERE j.kind = 'trigger' AND j.state = 'running' AND b.state IN ('passed', 'failed', 'canceled')
                """, transaction: tx)).ToList();
            foreach (var (id, _, triggeredState) in done)
            {
                var (state, exitStatus) = TriggerOutcome.OnTriggeredBuildFinished(triggeredState);
                await TransitionAsync(c, tx, new JobMove(id, JobKind.Trigger, JobState.Running, state, at) { ExitStatus = exitStatus });
            }
            foreach (var build in done.GroupBy(d => d.BuildId, StringComparer.Ordinal))
            {
                await AdvanceBuildAsync(c, tx, build.Key, [.. build.Select(d => d.Id)], at);
            }
            return done.Count;
        }, count => count > 0, cancellationToken);
}
