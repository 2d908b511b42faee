using System.Data;
using Dapper;
using ElasticCI.Builds;
using ElasticCI.Jobs;
using Microsoft.Data.Sqlite;

namespace ElasticCI.Storage.Sqlite;

internal sealed partial class SqliteStore
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

    public Task<BuildRecord> CreateBuildAsync(NewBuild build, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            var pipeline = await c.QuerySingleOrDefaultAsync<(string Id, string? Repository)>(
                "SELECT id, repository FROM pipelines WHERE slug = @slug", new { slug = build.PipelineSlug }, tx);
            var pipelineId = pipeline.Id;
            if (pipelineId is null)
            {
                pipelineId = Guid.CreateVersion7(now).ToString();
                await c.ExecuteAsync("INSERT INTO pipelines (id, slug, created_at) VALUES (@pipelineId, @slug, @at)",
                    new { pipelineId, slug = build.PipelineSlug, at }, tx);
            }
            // A build names its repository, or inherits the pipeline's; naming one makes it the pipeline's from then on,
            // unless the pipeline has a stored definition (then only the definition changes the repository).
            var repository = build.Repository.Length > 0 ? build.Repository : pipeline.Repository ?? "";
            if (build.Repository.Length > 0)
            {
                await c.ExecuteAsync("UPDATE pipelines SET repository = @repository WHERE id = @pipelineId AND configuration IS NULL",
                    new { repository, pipelineId }, tx);
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
                    buildId, pipelineId, slug = build.PipelineSlug, number, state = BuildState.Scheduled, branch = build.Branch,
                    commit = build.Commit, message = build.Message, env = StoreJson.Write(build.Env), yaml = build.SourceYaml, repository, at, origin = StoreJson.Write(build.Origin),
                }, tx);

            var ids = build.Jobs.Select(_ => Guid.CreateVersion7(now).ToString()).ToArray();
            foreach (var job in build.Jobs)
            {
                await InsertJobAsync(c, tx, buildId, ids[job.Index], job.Index, job, job.DependsOn.Select(i => ids[i]).ToList(), at);
            }
            await AdvanceBuildAsync(c, tx, buildId, at);
            return (await LoadBuildAsync(c, tx, buildId))!;
        }, cancellationToken);

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
        => WriteAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            // A finished build stays as it finished: canceling it is a no-op (it must not turn passed into canceled).
            var found = await c.ExecuteAsync(
                "UPDATE builds SET cancel_requested = 1 WHERE id = @buildId AND state NOT IN ('passed', 'failed', 'canceled')", new { buildId }, tx);
            if (found == 0)
            {
                return await LoadBuildAsync(c, tx, buildId);
            }
            // Not on an agent: canceled now. On an agent: the agent is told through heartbeat and log answers.
            await c.ExecuteAsync("""
                UPDATE jobs SET state = 'canceled', exit_status = -1, finished_at = @at
                WHERE build_id = @buildId AND state IN ('pending', 'scheduled', 'blocked')
                """, new { buildId, at }, tx);
            await c.ExecuteAsync("""
                UPDATE jobs SET cancel_reason = 'cancel'
                WHERE build_id = @buildId AND state IN ('assigned', 'running') AND cancel_reason IS NULL
                """, new { buildId }, tx);
            await AdvanceBuildAsync(c, tx, buildId, at);
            return await LoadBuildAsync(c, tx, buildId);
        }, cancellationToken);

    /// <summary>Applies <see cref="BuildProgress"/> to a build: schedules or breaks pending jobs and stores the derived build state.</summary>
    private static async Task AdvanceBuildAsync(SqliteConnection c, IDbTransaction tx, string buildId, long at)
    {
        var canceled = await c.ExecuteScalarAsync<long>("SELECT cancel_requested FROM builds WHERE id = @buildId", new { buildId }, tx) != 0;
        var rows = await c.QueryAsync<(string Id, string State, string DependsOnJson, long ContinueOnFailure, long SoftFailed, string SpecJson, string Kind)>(
            "SELECT id, state, depends_on_json, continue_on_failure, soft_failed, spec_json, kind FROM jobs WHERE build_id = @buildId AND retried_by IS NULL ORDER BY idx",
            new { buildId }, tx);
        var jobs = rows.Select(ToSnapshot).ToList();
        if (!canceled && BuildProgress.CancelOnBuildFailing(jobs) is { Count: > 0 } toCancel)
        {
            // Not on an agent: canceled now. On an agent: the agent is told through heartbeat and log answers.
            await c.ExecuteAsync("""
                UPDATE jobs SET state = 'canceled', exit_status = -1, finished_at = @at WHERE id IN @toCancel AND state IN ('pending', 'scheduled', 'blocked')
                """, new { toCancel, at }, tx);
            await c.ExecuteAsync("""
                UPDATE jobs SET cancel_reason = 'cancel' WHERE id IN @toCancel AND state IN ('assigned', 'running') AND cancel_reason IS NULL
                """, new { toCancel }, tx);
            var states = (await c.QueryAsync<(string Id, string State)>("SELECT id, state FROM jobs WHERE id IN @toCancel", new { toCancel }, tx))
                .ToDictionary(r => r.Id, r => JobStates.Parse(r.State), StringComparer.Ordinal);
            jobs = [.. jobs.Select(j => states.TryGetValue(j.Id, out var state) ? j with { State = state } : j)];
        }
        var changes = BuildProgress.Advance(jobs, canceled);
        foreach (var (jobId, state) in changes)
        {
            var sql = state is JobState.Scheduled or JobState.Blocked
                ? "UPDATE jobs SET state = @state, scheduled_at = @at WHERE id = @jobId AND state = 'pending'"
                : "UPDATE jobs SET state = @state, exit_status = CASE WHEN @state = 'canceled' THEN -1 ELSE NULL END, finished_at = @at WHERE id = @jobId AND state = 'pending'";
            await c.ExecuteAsync(sql, new { jobId, state = state.ToName(), at }, tx);
        }
        var byId = changes.ToDictionary(x => x.JobId, x => x.State, StringComparer.Ordinal);
        var current = jobs.Select(j => byId.TryGetValue(j.Id, out var s) ? j with { State = s } : j).ToList();
        var buildState = BuildProgress.Derive(current, canceled);
        if (buildState == BuildState.Scheduled
            && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM jobs WHERE build_id = @buildId AND retried_by IS NOT NULL", new { buildId }, tx) > 0)
        {
            // Only retries are waiting: the build ran before, so it is running again, not waiting to start.
            buildState = BuildState.Running;
        }
        await c.ExecuteAsync("""
            UPDATE builds SET state = @buildState,
                started_at = CASE WHEN started_at IS NULL AND @buildState NOT IN ('scheduled') THEN @at ELSE started_at END,
                finished_at = CASE WHEN @finished THEN COALESCE(finished_at, @at) ELSE NULL END
            WHERE id = @buildId
            """, new { buildState, at, finished = BuildState.IsFinished(buildState), buildId }, tx);
    }

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

    private static async Task<BuildRecord?> LoadBuildAsync(SqliteConnection c, IDbTransaction? tx, string buildId)
    {
        var row = await c.QuerySingleOrDefaultAsync<BuildRow>($"SELECT {BuildColumns} FROM builds WHERE id = @buildId", new { buildId }, tx);
        if (row is null)
        {
            return null;
        }
        return row.ToRecord(await LoadJobsAsync(c, tx, buildId)) with { Notifications = await LoadNotificationsAsync(c, tx, buildId) };
    }

    private static async Task<IReadOnlyList<JobRecord>> LoadJobsAsync(SqliteConnection c, IDbTransaction? tx, string buildId)
    {
        var rows = await c.QueryAsync<JobRow>(
            $"SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.build_id = @buildId ORDER BY j.idx, j.created_at",
            new { buildId }, tx);
        return rows.Select(r => r.ToRecord()).ToList();
    }
}
