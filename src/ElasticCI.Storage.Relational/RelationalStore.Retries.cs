using System.Data.Common;
using Dapper;
using ElasticCI.Jobs;
using ElasticCI.Lifecycle;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    // Copied from the retried job: everything that describes the step, nothing that describes the run.
    private const string StepColumns = """
        build_id, idx, step_key, label, command, env_json, agent_rules_json, queue, depends_on_json, continue_on_failure,
        parallel_job, parallel_job_count, timeout_minutes, soft_fail_json, kind, spec_json, priority
        """;

    public Task<RetryResult> RetryJobAsync(string jobId, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<JobRow>(
                $"SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.id = @jobId", new { jobId }, tx);
            if (row is null)
            {
                return new RetryResult(RetryOutcome.NotFound);
            }
            var job = row.ToRecord();
            var canceled = await c.ExecuteScalarAsync<long>("SELECT cancel_requested FROM builds WHERE id = @buildId", new { buildId = job.BuildId }, tx) != 0;
            if (RetryRules.RefuseManual(job, canceled) is { } refused)
            {
                return refused;
            }
            var at = Time.To(now);
            var newId = await CreateRetryAsync(c, tx, jobId, null, now, at);
            await AdvanceBuildAsync(c, tx, job.BuildId, null, at);
            var created = await c.QuerySingleAsync<JobRow>(
                $"SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.id = @newId", new { newId }, tx);
            return new RetryResult(RetryOutcome.Retried, created.ToRecord());
        }, result => result.Outcome == RetryOutcome.Retried, cancellationToken);

    /// <summary>Makes the retry <c>retry.automatic</c> asks for, if any, before the build moves forward.</summary>
    private static async Task<bool> RetryAutomaticallyAsync(
        DbConnection c, DbTransaction tx, string jobId, JobState state, int exitStatus, string? signal, string? signalReason, long at)
    {
        var row = await c.QuerySingleAsync<(string SpecJson, string CountsJson, long Canceled)>(
            "SELECT j.spec_json, j.retry_rule_counts_json, b.cancel_requested FROM jobs j JOIN builds b ON b.id = j.build_id WHERE j.id = @jobId",
            new { jobId }, tx);
        if (row.Canceled != 0)
        {
            return false;
        }
        var counts = StoreJson.ReadCounts(row.CountsJson);
        var rule = AutomaticRetry.Match(StoreJson.ReadSpec(row.SpecJson).Retry, state, exitStatus, signal, signalReason, counts);
        if (rule is not { } index)
        {
            return false;
        }
        await CreateRetryAsync(c, tx, jobId, AutomaticRetry.Count(counts, index), DateTimeOffset.FromUnixTimeMilliseconds(at), at);
        return true;
    }

    /// <summary>
    /// Inserts the new job, marks the old one retried and points its dependants at the new one. Jobs broken only
    /// because the old one failed go back to pending; <see cref="AdvanceBuildAsync"/> breaks again whatever is still broken.
    /// </summary>
    private static async Task<string> CreateRetryAsync(DbConnection c, DbTransaction tx, string oldId, IReadOnlyList<int>? counts, DateTimeOffset now, long at)
    {
        var newId = Guid.CreateVersion7(now).ToString();
        await c.ExecuteAsync($"""
            INSERT INTO jobs (id, {StepColumns}, state, created_at, retry_count, retry_rule_counts_json)
            SELECT @newId, {StepColumns}, 'pending', @at, retry_count + 1, COALESCE(@counts, retry_rule_counts_json) FROM jobs WHERE id = @oldId
            """, new { newId, at, oldId, counts = counts is null ? null : StoreJson.WriteCounts(counts) }, tx);
        await c.ExecuteAsync("UPDATE jobs SET retried_by = @newId WHERE id = @oldId", new { newId, oldId }, tx);
        var buildId = await c.ExecuteScalarAsync<string>("SELECT build_id FROM jobs WHERE id = @oldId", new { oldId }, tx);
        var dependants = await c.QueryAsync<(string Id, string DependsOnJson)>(
            "SELECT id, depends_on_json FROM jobs WHERE build_id = @buildId AND retried_by IS NULL AND depends_on_json LIKE @pattern",
            new { buildId, pattern = $"%{oldId}%" }, tx);
        foreach (var (id, json) in dependants)
        {
            var deps = StoreJson.ReadList(json).Select(d => d == oldId ? newId : d).ToList();
            await c.ExecuteAsync("UPDATE jobs SET depends_on_json = @deps WHERE id = @id", new { deps = StoreJson.Write(deps), id }, tx);
        }
        foreach (var (id, kind, state) in await SelectForMoveAsync(c, tx, "build_id = @buildId AND state = 'broken' AND retried_by IS NULL", new { buildId }))
        {
            await TransitionAsync(c, tx, new JobMove(id, kind, state, JobState.Pending, at));
        }
        return newId;
    }
}
