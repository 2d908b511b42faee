using System.Data.Common;
using Dapper;
using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    /// <summary>
    /// The only statement that writes <c>jobs.state</c> (besides creating a job). Core's state table is checked first, so a
    /// code path that tries a forbidden transition fails loudly; the write is a compare-and-set on the state Core decided
    /// from, so a change made meanwhile by someone else (another coordinator) wins and this one reports false: a lost race
    /// is a value, never an exception.
    /// </summary>
    private static async Task<bool> TransitionAsync(DbConnection c, DbTransaction tx, JobMove move)
    {
        var (sql, parameters) = TransitionCommand(move);
        return await c.ExecuteAsync(sql, parameters, tx) == 1;
    }

    /// <summary>
    /// The statement <see cref="TransitionAsync"/> runs (Core's state table checked first), for a flow that sends it in
    /// one command with others: the job's id is <c>@id</c>; a caller may add conditions after it (<c>AND ...</c>).
    /// </summary>
    private static (string Sql, DynamicParameters Parameters) TransitionCommand(JobMove move)
    {
        JobStates.EnsureTransition(move.Kind, move.From, move.To);
        var parameters = new DynamicParameters();
        parameters.Add("id", move.JobId);
        parameters.Add("from", move.From.ToName());
        parameters.Add("to", move.To.ToName());
        parameters.Add("at", move.At);
        parameters.Add("exitStatus", move.ExitStatus);
        parameters.Add("softFailed", move.SoftFailed ? 1 : 0);
        parameters.Add("agentId", move.AgentId);
        parameters.Add("triggeredBuildId", move.TriggeredBuildId);
        return ($"UPDATE jobs SET state = @to{ColumnsOf(move)} WHERE id = @id AND state = @from", parameters);
    }

    /// <summary>The columns that record a change of state: when it happened, who holds the job, how it ended.</summary>
    private static string ColumnsOf(JobMove move)
    {
        if (move.To.IsTerminal())
        {
            var started = move.From == JobState.Scheduled && move.Kind == JobKind.Trigger ? ", started_at = @at, triggered_build_id = @triggeredBuildId" : "";
            return $", exit_status = @exitStatus, soft_failed = @softFailed, finished_at = @at{started}";
        }
        return (move.From, move.To) switch
        {
            (JobState.Pending, _) => ", scheduled_at = @at",
            (_, JobState.Assigned) => ", agent_id = @agentId, assigned_at = @at",
            // Back to the queue: no agent holds it any more.
            (JobState.Assigned, JobState.Scheduled) => ", agent_id = NULL, assigned_at = NULL",
            (_, JobState.Running) => ", started_at = @at, triggered_build_id = COALESCE(@triggeredBuildId, triggered_build_id)",
            // A retry of the job that broke this one: it waits again, unfinished.
            (JobState.Broken, JobState.Pending) => ", finished_at = NULL, exit_status = NULL",
            _ => "",
        };
    }

    /// <summary>Jobs matching <paramref name="where"/> (a condition on <c>jobs</c>), with what a transition needs to know of them.</summary>
    private static async Task<IReadOnlyList<(string Id, JobKind Kind, JobState State)>> SelectForMoveAsync(
        DbConnection c, DbTransaction tx, string where, object parameters)
        => [.. (await c.QueryAsync<(string Id, string Kind, string State)>($"SELECT id, kind, state FROM jobs WHERE {where}", parameters, tx))
            .Select(r => (r.Id, ParseKind(r.Kind), JobStates.Parse(r.State)))];

    private static JobKind ParseKind(string kind) => Enum.Parse<JobKind>(kind, ignoreCase: true);
}
