using System.Data.Common;
using Dapper;
using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Lifecycle;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    private static readonly string[] NotFinished = [.. Enum.GetValues<JobState>().Where(s => !s.IsTerminal()).Select(s => s.ToName())];

    /// <summary>
    /// Applies <see cref="BuildProgress"/> to a build and stores its derived state. <paramref name="changed"/>: the jobs
    /// that just reached a final state, so only their dependents are decided again (a job event costs the same in a build
    /// of 10 or of 2,000); null decides every pending job (after creating, canceling, retrying or uploading into a build).
    /// </summary>
    /// <remarks>
    /// <paramref name="progress"/>: the build's progress when the caller read it already, after its own changes;
    /// <paramref name="dependents"/>: the pending dependents of the one job in <paramref name="changed"/>, when the caller
    /// read them already (<see cref="DependentsSql"/>). Returns the build as stored now (its header, without jobs).
    /// </remarks>
    private async Task<BuildRow> AdvanceBuildAsync(
        DbConnection c, DbTransaction tx, string buildId, IReadOnlyCollection<string>? changed, long at, (bool Canceled, BuildTally Tally)? progress = null,
        IReadOnlyList<SnapshotRow>? dependents = null)
    {
        IReadOnlyList<SnapshotRow>? jobs = null;
        if (progress is null && changed is null)
        {
            // Every pending job is decided again: its jobs come with the progress, in the same round trip.
            using var read = await c.QueryMultipleAsync($"{ProgressSql};\n{AllJobsSql}", new { buildId }, tx);
            progress = await ReadProgressAsync(read);
            jobs = [.. await read.ReadAsync<SnapshotRow>()];
        }
        var (canceled, tally) = progress ?? await ReadProgressAsync(c, tx, buildId);
        IReadOnlyList<string> stopped = [];
        if (!canceled && tally.Failing > 0)
        {
            // The build is failing: jobs that asked for cancel_on_build_failing stop first, and their dependents follow.
            stopped = await CancelJobsAsync(c, tx,
                $"build_id = @buildId AND retried_by IS NULL AND {Sql.JsonIsTrue("spec_json", "cancelOnBuildFailing")}", new { buildId }, at);
        }
        // Whether jobs moved since the tally was read: then it is read again.
        var moved = stopped.Count > 0;
        if (changed is null || (canceled && tally.Pending > 0))
        {
            // Jobs read before a cancel_on_build_failing stop are out of date: read again.
            await AdvanceAllAsync(c, tx, buildId, canceled, at, stopped.Count == 0 ? jobs : null);
            moved = true;
        }
        else if (changed.Count + stopped.Count > 0)
        {
            moved |= await AdvanceDependentsAsync(c, tx, buildId, [.. changed, .. stopped], at, stopped.Count == 0 ? dependents : null);
        }
        if (moved)
        {
            tally = await TallyAsync(c, tx, buildId);
        }
        if (tally.Blocked > 0)
        {
            var spec = await c.ExecuteScalarAsync<string>(
                "SELECT spec_json FROM jobs WHERE build_id = @buildId AND state = 'blocked' AND retried_by IS NULL ORDER BY idx LIMIT 1", new { buildId }, tx);
            tally = tally with { FirstBlockedState = BlockForm.StateWhileBlocked(StoreJson.ReadSpec(spec!).Block) };
        }
        var buildState = BuildProgress.Derive(tally, canceled);
        return await c.QuerySingleAsync<BuildRow>($"""
            UPDATE builds SET state = @buildState,
                started_at = CASE WHEN started_at IS NULL AND @buildState NOT IN ('scheduled') THEN @at ELSE started_at END,
                finished_at = CASE WHEN @finished THEN COALESCE(finished_at, @at) ELSE NULL END
            WHERE id = @buildId
            RETURNING {BuildColumns}
            """, new { buildState, at, finished = BuildStates.Parse(buildState).IsTerminal(), buildId }, tx);
    }

    /// <summary>
    /// Cancels the unfinished jobs matching <paramref name="where"/>: not on an agent, canceled now (returned); on an agent,
    /// the agent is told through heartbeat and log answers.
    /// </summary>
    private async Task<IReadOnlyList<string>> CancelJobsAsync(DbConnection c, DbTransaction tx, string where, object parameters, long at)
    {
        var canceled = new List<string>();
        foreach (var (id, kind, state) in await SelectForMoveAsync(c, tx, $"{where} AND {Sql.In("state", "notFinished")}", Merge(parameters, NotFinished)))
        {
            switch (CancelDecision.Decide(state))
            {
                case CancelAction.AskTheAgent:
                    await c.ExecuteAsync("UPDATE jobs SET cancel_reason = @reason WHERE id = @id AND cancel_reason IS NULL", new { id, reason = CancelReasons.Cancel }, tx);
                    break;
                case CancelAction.CancelNow when await TransitionAsync(c, tx, new JobMove(id, kind, state, JobState.Canceled, at) { ExitStatus = -1 }):
                    canceled.Add(id);
                    break;
            }
        }
        return canceled;
    }

    private static DynamicParameters Merge(object parameters, string[] notFinished)
    {
        var merged = new DynamicParameters(parameters);
        merged.Add("notFinished", notFinished);
        return merged;
    }

    /// <summary>The build's current jobs (not replaced by a retry), in order, as <see cref="AdvanceAllAsync"/> decides them.</summary>
    private const string AllJobsSql = $"SELECT {SnapshotColumns} FROM jobs WHERE build_id = @buildId AND retried_by IS NULL ORDER BY idx";

    /// <summary>Decides every pending job of the build (loads them all: for events that rewire the build).</summary>
    /// <remarks><paramref name="rows"/>: the build's jobs when the caller read them already (<see cref="AllJobsSql"/>).</remarks>
    private async Task AdvanceAllAsync(DbConnection c, DbTransaction tx, string buildId, bool canceled, long at, IReadOnlyList<SnapshotRow>? rows = null)
    {
        rows ??= [.. await c.QueryAsync<SnapshotRow>(AllJobsSql, new { buildId }, tx)];
        var jobs = rows.Select(ToSnapshot).ToList();
        var kinds = jobs.ToDictionary(j => j.Id, j => j.Kind, StringComparer.Ordinal);
        foreach (var (jobId, state) in BuildProgress.Advance(jobs, canceled))
        {
            await TransitionAsync(c, tx, new JobMove(jobId, kinds[jobId], JobState.Pending, state, at) { ExitStatus = state == JobState.Canceled ? -1 : null });
        }
    }

    /// <summary>
    /// The pending jobs of build <c>@buildId</c> that wait for job <c>@dependency</c> (<see cref="DependencyPattern"/>), in
    /// order.
    /// </summary>
    private const string DependentsSql = $"""
        SELECT {SnapshotColumns} FROM jobs
        WHERE build_id = @buildId AND state = 'pending' AND retried_by IS NULL AND depends_on_json LIKE @dependency ORDER BY idx
        """;

    /// <summary>The <c>@dependency</c> of <see cref="DependentsSql"/>: a job's id as it stands in a dependent's list.</summary>
    private static string DependencyPattern(string jobId) => $"%\"{jobId}\"%";

    /// <summary>
    /// Decides the pending dependents of <paramref name="changed"/>, and theirs in turn while jobs break; true when a job
    /// moved. <paramref name="first"/>: the dependents of the first changed job, when the caller read them already.
    /// </summary>
    private async Task<bool> AdvanceDependentsAsync(
        DbConnection c, DbTransaction tx, string buildId, IReadOnlyCollection<string> changed, long at, IReadOnlyList<SnapshotRow>? first = null)
    {
        var moved = false;
        var work = new Queue<string>(changed);
        while (work.TryDequeue(out var finishedId))
        {
            var dependents = first ?? await c.QueryAsync<SnapshotRow>(DependentsSql, new { buildId, dependency = DependencyPattern(finishedId) }, tx);
            first = null;
            foreach (var dependent in dependents.Select(ToSnapshot))
            {
                var dependencies = (await c.QueryAsync<(string Id, string State, long SoftFailed)>(
                    $"SELECT id, state, soft_failed FROM jobs WHERE {Sql.In("id", "ids")} AND build_id = @buildId AND retried_by IS NULL",
                    new { ids = dependent.DependsOn.ToArray(), buildId }, tx))
                    .ToDictionary(d => d.Id, d => new JobSnapshot(d.Id, JobStates.Parse(d.State), [], false, d.SoftFailed != 0), StringComparer.Ordinal);
                if (BuildProgress.DecidePending(dependent, dependencies) is not { } next)
                {
                    continue;
                }
                var move = new JobMove(dependent.Id, dependent.Kind, JobState.Pending, next, at) { ExitStatus = next == JobState.Canceled ? -1 : null };
                if (!await TransitionAsync(c, tx, move))
                {
                    continue;
                }
                moved = true;
                if (next.IsTerminal())
                {
                    work.Enqueue(dependent.Id);
                }
            }
        }
        return moved;
    }

    /// <summary>The counts <see cref="BuildProgress.Derive(BuildTally, bool)"/> needs, in one aggregate query.</summary>
    private const string TallySql = """
        SELECT state, soft_failed, CAST(CASE WHEN retried_by IS NULL THEN 0 ELSE 1 END AS BIGINT), COUNT(*) FROM jobs WHERE build_id = @buildId
        GROUP BY state, soft_failed, CASE WHEN retried_by IS NULL THEN 0 ELSE 1 END
        """;

    private static async Task<BuildTally> TallyAsync(DbConnection c, DbTransaction tx, string buildId)
        => ToTally(await c.QueryAsync<(string State, long SoftFailed, long Retried, long Count)>(TallySql, new { buildId }, tx));

    /// <summary>The SQL of <see cref="ReadProgressAsync(SqlMapper.GridReader)"/>: two statements on <c>@buildId</c>.</summary>
    private const string ProgressSql = $"SELECT cancel_requested FROM builds WHERE id = @buildId;\n{TallySql}";

    /// <summary>Whether the build was asked to cancel, and its tally: one round trip (one command of two statements).</summary>
    private static async Task<(bool Canceled, BuildTally Tally)> ReadProgressAsync(DbConnection c, DbTransaction tx, string buildId)
    {
        using var read = await c.QueryMultipleAsync(ProgressSql, new { buildId }, tx);
        return await ReadProgressAsync(read);
    }

    /// <summary>Reads what <see cref="ProgressSql"/> answered, next in <paramref name="read"/>.</summary>
    private static async Task<(bool Canceled, BuildTally Tally)> ReadProgressAsync(SqlMapper.GridReader read)
    {
        var canceled = await read.ReadSingleOrDefaultAsync<long>() != 0;
        return (canceled, ToTally(await read.ReadAsync<(string State, long SoftFailed, long Retried, long Count)>()));
    }

    private static BuildTally ToTally(IEnumerable<(string State, long SoftFailed, long Retried, long Count)> groups)
        => BuildTally.Count(groups.Select(g => (JobStates.Parse(g.State), g.SoftFailed != 0, g.Retried != 0, (int)g.Count)));

    private const string SnapshotColumns = "id, state, depends_on_json, continue_on_failure, soft_failed, spec_json, kind";

    private sealed record SnapshotRow(string Id, string State, string DependsOnJson, long ContinueOnFailure, long SoftFailed, string SpecJson, string Kind);

    private static JobSnapshot ToSnapshot(SnapshotRow row)
    {
        var spec = StoreJson.ReadSpec(row.SpecJson);
        return new JobSnapshot(row.Id, JobStates.Parse(row.State), StoreJson.ReadList(row.DependsOnJson), row.ContinueOnFailure != 0, row.SoftFailed != 0)
        {
            AllowDependencyFailure = spec.AllowDependencyFailure,
            AllowedFailureDependencies = spec.AllowedFailureDependencies,
            CancelOnBuildFailing = spec.CancelOnBuildFailing,
            Kind = ParseKind(row.Kind),
            BlockedState = BlockForm.StateWhileBlocked(spec.Block),
        };
    }
}
