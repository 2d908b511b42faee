using System.Data.Common;
using Dapper;
using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    public async Task<IReadOnlyList<string>> InsertUploadedJobsAsync(
        string uploaderJobId, string uploadId, IReadOnlyList<PlannedJob> jobs, bool replace, DateTimeOffset now, CancellationToken cancellationToken)
        => (await InsertUploadedJobsAsync(uploaderJobId, uploadId, jobs, replace, int.MaxValue, now, cancellationToken)).JobIds;

    public Task<UploadJobsResult> InsertUploadedJobsAsync(
        string uploaderJobId, string uploadId, IReadOnlyList<PlannedJob> jobs, bool replace, int maxJobsPerBuild, DateTimeOffset now,
        CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var uploader = await c.QuerySingleAsync<(string BuildId, long Idx)>("SELECT build_id, idx FROM jobs WHERE id = @uploaderJobId", new { uploaderJobId }, tx);
            var buildId = uploader.BuildId;
            var previous = await c.ExecuteScalarAsync<string?>(
                "SELECT job_ids_json FROM pipeline_uploads WHERE build_id = @buildId AND upload_id = @uploadId", new { buildId, uploadId }, tx);
            if (previous is not null)
            {
                // A retry of an upload we applied: answering with the same jobs is what makes retries safe.
                return new UploadJobsResult(StoreJson.ReadList(previous), null);
            }
            var after = await CountJobsAfterUploadAsync(c, tx, buildId, uploader.Idx, replace, jobs.Count);
            if (after > maxJobsPerBuild)
            {
                return new UploadJobsResult([], after);
            }
            var at = Time.To(now);
            if (replace)
            {
                await RemoveUnstartedAfterAsync(c, tx, buildId, uploader.Idx);
            }
            // Make room right after the uploader, so the build keeps step order.
            await c.ExecuteAsync("UPDATE jobs SET idx = idx + @count WHERE build_id = @buildId AND idx > @idx",
                new { count = jobs.Count, buildId, idx = uploader.Idx }, tx);
            var ids = jobs.Select(_ => Guid.CreateVersion7(now).ToString()).ToArray();
            await InsertDocumentJobsAsync(c, tx, buildId, jobs, ids, (int)uploader.Idx + 1, at);
            // Depending on a step that uploaded steps means depending on what it uploaded, too.
            var dependents = await c.QueryAsync<(string Id, string DependsOnJson)>(
                "SELECT id, depends_on_json FROM jobs WHERE build_id = @buildId AND state = 'pending'", new { buildId }, tx);
            foreach (var (id, json) in dependents)
            {
                var deps = StoreJson.ReadList(json);
                if (deps.Contains(uploaderJobId) && !ids.Contains(id))
                {
                    deps.AddRange(ids);
                    await c.ExecuteAsync("UPDATE jobs SET depends_on_json = @deps WHERE id = @id", new { deps = StoreJson.Write(deps), id }, tx);
                }
            }
            await c.ExecuteAsync(
                "INSERT INTO pipeline_uploads (build_id, upload_id, job_id, job_ids_json, created_at) VALUES (@buildId, @uploadId, @uploaderJobId, @ids, @at)",
                new { buildId, uploadId, uploaderJobId, ids = StoreJson.Write(ids), at }, tx);
            await AdvanceBuildAsync(c, tx, buildId, null, at);
            return new UploadJobsResult(ids, null);
        }, result => !result.Refused, cancellationToken);

    /// <summary>How many jobs the build would have after the upload: those it has, less those a replace removes, plus the new ones.</summary>
    private static async Task<int> CountJobsAfterUploadAsync(DbConnection c, DbTransaction tx, string buildId, long idx, bool replace, int added)
    {
        var existing = await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM jobs WHERE build_id = @buildId", new { buildId }, tx);
        var removed = replace
            ? await c.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM jobs WHERE build_id = @buildId AND idx > @idx AND state IN ('pending', 'scheduled', 'blocked')", new { buildId, idx }, tx)
            : 0;
        return existing - removed + added;
    }

    private async Task RemoveUnstartedAfterAsync(DbConnection c, DbTransaction tx, string buildId, long idx)
    {
        var removed = (await c.QueryAsync<string>(
            "SELECT id FROM jobs WHERE build_id = @buildId AND idx > @idx AND state IN ('pending', 'scheduled', 'blocked')",
            new { buildId, idx }, tx)).ToHashSet(StringComparer.Ordinal);
        if (removed.Count == 0)
        {
            return;
        }
        await c.ExecuteAsync($"DELETE FROM jobs WHERE {Sql.In("id", "removed")}", new { removed = removed.ToArray() }, tx);
        foreach (var (id, json) in await c.QueryAsync<(string Id, string DependsOnJson)>(
            "SELECT id, depends_on_json FROM jobs WHERE build_id = @buildId", new { buildId }, tx))
        {
            var deps = StoreJson.ReadList(json);
            if (deps.RemoveAll(removed.Contains) > 0)
            {
                await c.ExecuteAsync("UPDATE jobs SET depends_on_json = @deps WHERE id = @id", new { deps = StoreJson.Write(deps), id }, tx);
            }
        }
    }

    private static Task InsertJobAsync(DbConnection c, DbTransaction tx, string buildId, string id, int idx, PlannedJob job, IReadOnlyList<string> dependsOn, long at)
        => c.ExecuteAsync("""
            INSERT INTO jobs (id, build_id, idx, step_key, label, command, env_json, agent_rules_json, queue, depends_on_json,
                continue_on_failure, parallel_job, parallel_job_count, timeout_minutes, soft_fail_json, state, created_at, kind, spec_json, priority,
                finished_at)
            VALUES (@id, @buildId, @idx, @key, @label, @command, @env, @rules, @queue, @deps, @cof, @pj, @pjc, @timeout, @softFail, @state, @at,
                @kind, @spec, @priority, @finishedAt)
            """,
            new
            {
                id, buildId, idx, key = job.StepKey, label = job.Label, command = job.Command,
                env = StoreJson.Write(job.Env), rules = StoreJson.Write(job.AgentRules), queue = job.Queue,
                deps = StoreJson.Write(dependsOn), cof = job.ContinueOnFailure ? 1 : 0,
                pj = job.ParallelJob, pjc = job.ParallelJobCount, timeout = job.TimeoutInMinutes,
                softFail = StoreJson.Write(job.SoftFail), at,
                // A skipped step is created (so the build shows it) but never runs; dependants treat it as done.
                state = JobStates.Initial(job.Spec.Skipped).ToName(), finishedAt = job.Spec.Skipped ? at : (long?)null,
                kind = job.Kind.ToString().ToLowerInvariant(), spec = StoreJson.Write(job.Spec), priority = job.Spec.Priority,
            }, tx);
}
