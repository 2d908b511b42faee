using System.Data.Common;
using Dapper;
using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Lifecycle;

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
            var buildId = await c.QuerySingleAsync<string>("SELECT build_id FROM jobs WHERE id = @uploaderJobId", new { uploaderJobId }, tx);
            var previous = await c.ExecuteScalarAsync<string?>(
                "SELECT job_ids_json FROM pipeline_uploads WHERE build_id = @buildId AND upload_id = @uploadId", new { buildId, uploadId }, tx);
            if (previous is not null)
            {
                // A retry of an upload we applied: answering with the same jobs is what makes retries safe.
                return new UploadJobsResult(StoreJson.ReadList(previous), null);
            }
            var ids = jobs.Select(_ => Guid.CreateVersion7(now).ToString()).ToArray();
            var site = (await c.QueryAsync<(string Id, long Idx, string State, string DependsOnJson)>(
                    "SELECT id, idx, state, depends_on_json FROM jobs WHERE build_id = @buildId", new { buildId }, tx))
                .Select(j => new UploadSiteJob(j.Id, j.Idx, JobStates.Parse(j.State), StoreJson.ReadList(j.DependsOnJson)))
                .ToList();
            var placement = UploadPlacementDecision.Place(uploaderJobId, site, ids, replace, maxJobsPerBuild);
            if (placement.RefusedJobCount is { } refused)
            {
                return new UploadJobsResult([], refused);
            }
            var at = Time.To(now);
            await PlaceUploadAsync(c, tx, buildId, placement);
            await InsertDocumentJobsAsync(c, tx, buildId, jobs, ids, (int)placement.FirstIndex, at);
            await c.ExecuteAsync(
                "INSERT INTO pipeline_uploads (build_id, upload_id, job_id, job_ids_json, created_at) VALUES (@buildId, @uploadId, @uploaderJobId, @ids, @at)",
                new { buildId, uploadId, uploaderJobId, ids = StoreJson.Write(ids), at }, tx);
            await AdvanceBuildAsync(c, tx, buildId, null, at);
            return new UploadJobsResult(ids, null);
        }, result => !result.Refused, cancellationToken);

    /// <summary>Makes the room <paramref name="placement"/> decided: removes jobs, rewrites dependencies, moves later jobs up.</summary>
    private async Task PlaceUploadAsync(DbConnection c, DbTransaction tx, string buildId, UploadPlacement placement)
    {
        if (placement.Removed.Count > 0)
        {
            await c.ExecuteAsync($"DELETE FROM jobs WHERE {Sql.In("id", "removed")}", new { removed = placement.Removed.ToArray() }, tx);
        }
        foreach (var (id, deps) in placement.Dependencies)
        {
            await c.ExecuteAsync("UPDATE jobs SET depends_on_json = @deps WHERE id = @id", new { deps = StoreJson.Write(deps), id }, tx);
        }
        await c.ExecuteAsync("UPDATE jobs SET idx = idx + @count WHERE build_id = @buildId AND idx > @idx",
            new { count = placement.ShiftBy, buildId, idx = placement.ShiftAfter }, tx);
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
