using System.Data.Common;
using Dapper;
using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    private const string JobColumns = """
        j.id, j.build_id, j.idx, j.step_key, j.label, j.command, j.env_json, j.agent_rules_json, j.queue, j.depends_on_json,
        j.continue_on_failure, j.parallel_job, j.parallel_job_count, j.timeout_minutes, j.soft_fail_json, j.state, j.exit_status,
        j.soft_failed, j.agent_id, a.name AS agent_name, a.instance_id, j.cancel_reason, j.log_size, j.created_at, j.scheduled_at,
        j.assigned_at, j.started_at, j.finished_at, j.kind, j.spec_json, j.retry_count, j.retried_by
        """;

    private const string BuildColumns = """
        id, pipeline_slug, number, state, branch, commit_sha, message, env_json, cancel_requested, created_at, started_at, finished_at, repository, source_yaml, origin_json
        """;

    public async Task<BuildRecord> CreateBuildAsync(NewBuild build, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Besides the pipeline's row (row writes), only the new build and its jobs: no flow sees them before the commit.
        var created = await WriteNewRowsAsync((c, tx) => CreateBuildAsync(c, tx, build, now), cancellationToken);
        Announce();
        return created;
    }

    private async Task<BuildRecord> CreateBuildAsync(DbConnection c, DbTransaction tx, NewBuild build, DateTimeOffset now)
    {
        var at = Time.To(now);
        var pipeline = await c.QuerySingleOrDefaultAsync<(string Id, string? Repository)>(
            "SELECT id, repository FROM pipelines WHERE slug = @slug", new { slug = build.PipelineSlug }, tx);
        var pipelineId = pipeline.Id;
        if (pipelineId is null)
        {
            // A number reservation (a row write, outside the write lock) may have created it meanwhile: then its id counts.
            await c.ExecuteAsync("INSERT INTO pipelines (id, slug, created_at) VALUES (@pipelineId, @slug, @at) ON CONFLICT (slug) DO NOTHING",
                new { pipelineId = Guid.CreateVersion7(now).ToString(), slug = build.PipelineSlug, at }, tx);
            pipelineId = await c.QuerySingleAsync<string>("SELECT id FROM pipelines WHERE slug = @slug", new { slug = build.PipelineSlug }, tx);
        }
        // A build names its repository, or inherits the pipeline's; naming one makes it the pipeline's from then on,
        // unless the pipeline has a stored definition (then only the definition changes the repository).
        var repository = build.Repository.Length > 0 ? build.Repository : pipeline.Repository ?? "";
        if (build.Repository.Length > 0)
        {
            // Only when it changes: an unchanged row is not written, so builds of one pipeline do not wait on its row lock.
            await c.ExecuteAsync("""
                UPDATE pipelines SET repository = @repository
                WHERE id = @pipelineId AND configuration IS NULL AND (repository IS NULL OR repository <> @repository)
                """, new { repository, pipelineId }, tx);
        }
        var number = build.Identity?.Number ?? await c.ExecuteScalarAsync<long>(
            "UPDATE pipelines SET next_build_number = next_build_number + 1 WHERE id = @pipelineId RETURNING next_build_number - 1",
            new { pipelineId }, tx);
        var buildId = build.Identity?.Id ?? Guid.CreateVersion7(now).ToString();
        await c.ExecuteAsync("""
            INSERT INTO builds (id, pipeline_id, pipeline_slug, number, state, branch, commit_sha, message, env_json, source_yaml, repository, created_at, origin_json)
            VALUES (@buildId, @pipelineId, @slug, @number, @state, @branch, @commit, @message, @env, @yaml, @repository, @at, @origin)
            """,
            new
            {
                buildId, pipelineId, slug = build.PipelineSlug, number, state = BuildState.Scheduled.ToName(), branch = build.Branch,
                commit = build.Commit, message = build.Message, env = StoreJson.Write(build.Env), yaml = build.SourceYaml, repository, at, origin = StoreJson.Write(build.Origin),
            }, tx);

        var ids = build.Jobs.Select(_ => Guid.CreateVersion7(now).ToString()).ToArray();
        await InsertDocumentJobsAsync(c, tx, buildId, build.Jobs, ids, 0, at);
        await AdvanceBuildAsync(c, tx, buildId, null, at);
        return (await LoadBuildAsync(c, tx, buildId))!;
    }

    public Task<BuildRecord?> GetBuildAsync(string buildId, CancellationToken cancellationToken)
        => ReadAsync(c => LoadBuildAsync(c, null, buildId), cancellationToken);

    public Task<IReadOnlyList<BuildRecord>> ListBuildsAsync(string? pipelineSlug, int limit, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<BuildRecord>>(async c =>
        {
            var rows = await c.QueryAsync<BuildRow>(
                $"SELECT {BuildColumns} FROM builds WHERE (@slug IS NULL OR pipeline_slug = @slug) ORDER BY created_at DESC, number DESC LIMIT @limit",
                new { slug = pipelineSlug, limit });
            var builds = new List<BuildRecord>();
            foreach (var row in rows)
            {
                builds.Add(row.ToRecord(await LoadJobsAsync(c, null, row.Id)));
            }
            return builds;
        }, cancellationToken);

    public Task<BuildRecord?> CancelBuildAsync(string buildId, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            // A finished build stays as it finished: canceling it is a no-op (it must not turn passed into canceled).
            var found = await c.ExecuteAsync(
                "UPDATE builds SET cancel_requested = 1 WHERE id = @buildId AND state NOT IN ('passed', 'failed', 'canceled')", new { buildId }, tx);
            if (found == 0)
            {
                return await LoadBuildAsync(c, tx, buildId);
            }
            await CancelJobsAsync(c, tx, "build_id = @buildId", new { buildId }, at);
            await AdvanceBuildAsync(c, tx, buildId, null, at);
            return await LoadBuildAsync(c, tx, buildId);
        }, _ => true, cancellationToken);

    private static JobSnapshot ToSnapshot((string Id, string State, string DependsOnJson, long ContinueOnFailure, long SoftFailed, string SpecJson, string Kind) row)
    {
        var spec = StoreJson.ReadSpec(row.SpecJson);
        return new JobSnapshot(row.Id, JobStates.Parse(row.State), StoreJson.ReadList(row.DependsOnJson), row.ContinueOnFailure != 0, row.SoftFailed != 0)
        {
            AllowDependencyFailure = spec.AllowDependencyFailure,
            AllowedFailureDependencies = spec.AllowedFailureDependencies,
            CancelOnBuildFailing = spec.CancelOnBuildFailing,
            Kind = Enum.Parse<JobKind>(row.Kind, ignoreCase: true),
            BlockedState = BlockForm.StateWhileBlocked(spec.Block),
        };
    }

    /// <summary>The build with its jobs and notifications, in one round trip (one command of three statements).</summary>
    private static async Task<BuildRecord?> LoadBuildAsync(DbConnection c, DbTransaction? tx, string buildId)
    {
        using var read = await c.QueryMultipleAsync($"""
            SELECT {BuildColumns} FROM builds WHERE id = @buildId;
            SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.build_id = @buildId ORDER BY j.idx, j.created_at;
            SELECT {NotificationColumns} FROM build_notifications WHERE build_id = @buildId ORDER BY idx
            """, new { buildId }, tx);
        var row = await read.ReadSingleOrDefaultAsync<BuildRow>();
        var jobs = (await read.ReadAsync<JobRow>()).Select(r => r.ToRecord()).ToList();
        var notifications = (await read.ReadAsync<NotificationRow>()).Select(r => r.ToRecord()).ToList();
        return row is null ? null : row.ToRecord(jobs) with { Notifications = notifications };
    }

    private static async Task<IReadOnlyList<JobRecord>> LoadJobsAsync(DbConnection c, DbTransaction? tx, string buildId)
    {
        var rows = await c.QueryAsync<JobRow>(
            $"SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.build_id = @buildId ORDER BY j.idx, j.created_at",
            new { buildId }, tx);
        return rows.Select(r => r.ToRecord()).ToList();
    }
}
