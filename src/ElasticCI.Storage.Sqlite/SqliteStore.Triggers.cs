using Dapper;

namespace ElasticCI.Storage.Sqlite;

internal sealed partial class SqliteStore
{
    public Task<IReadOnlyList<JobRecord>> ListRunnableTriggersAsync(CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<JobRecord>>(async c => (await c.QueryAsync<JobRow>(
            $"SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.kind = 'trigger' AND j.state = 'scheduled' ORDER BY j.created_at"))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<bool> StartTriggerAsync(string jobId, string? triggeredBuildId, bool async, string? failure, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            // No build (the trigger could not create one): failed. Async: passed once the build exists. Else running until it finishes.
            var (state, exitStatus, finishedAt) = triggeredBuildId is null ? ("failed", -1, at) : async ? ("passed", 0, at) : ("running", (int?)null, (long?)null);
            var changed = await c.ExecuteAsync("""
                UPDATE jobs SET state = @state, exit_status = @exitStatus, triggered_build_id = @triggeredBuildId, started_at = @at, finished_at = @finishedAt
                WHERE id = @jobId AND state = 'scheduled' AND kind = 'trigger'
                """, new { state, exitStatus, triggeredBuildId, at, finishedAt, jobId }, tx);
            if (changed == 0)
            {
                return false;
            }
            if (triggeredBuildId is null && failure is not null)
            {
                // Why the trigger failed becomes the job's log, the one place a person looks.
                var data = System.Text.Encoding.UTF8.GetBytes(failure + "\n");
                await c.ExecuteAsync("INSERT INTO log_chunks (job_id, seq, offset, data) VALUES (@jobId, 0, 0, @data)", new { jobId, data }, tx);
                await c.ExecuteAsync("UPDATE jobs SET log_size = @size WHERE id = @jobId", new { size = data.Length, jobId }, tx);
            }
            var buildId = await c.ExecuteScalarAsync<string>("SELECT build_id FROM jobs WHERE id = @jobId", new { jobId }, tx);
            await AdvanceBuildAsync(c, tx, buildId!, at);
            return true;
        }, cancellationToken);

    public Task<int> FinishTriggersAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            var done = (await c.QueryAsync<(string Id, string BuildId, string TriggeredState)>("""
                SELECT j.id, j.build_id, b.state FROM jobs j JOIN builds b ON b.id = j.triggered_build_id
                WHERE j.kind = 'trigger' AND j.state = 'running' AND b.state IN ('passed', 'failed', 'canceled')
                """, transaction: tx)).ToList();
            foreach (var (id, _, triggeredState) in done)
            {
                var passed = triggeredState == "passed";
                await c.ExecuteAsync("UPDATE jobs SET state = @state, exit_status = @exitStatus, finished_at = @at WHERE id = @id AND state = 'running'",
                    new { state = passed ? "passed" : "failed", exitStatus = passed ? 0 : 1, at, id }, tx);
            }
            foreach (var buildId in done.Select(d => d.BuildId).Distinct(StringComparer.Ordinal))
            {
                await AdvanceBuildAsync(c, tx, buildId, at);
            }
            return done.Count;
        }, cancellationToken);
}
