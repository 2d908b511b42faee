using System.Data;
using Dapper;
using ElasticCI.Agents;
using ElasticCI.Jobs;
using Microsoft.Data.Sqlite;

namespace ElasticCI.Storage.Sqlite;

internal sealed partial class SqliteStore
{
    // How many scheduled jobs of a queue are checked against an agent's tags per claim.
    private const int ClaimCandidates = 100;

    // How recent an idle agent's heartbeat must be for it to hold jobs back from lower-priority agents.
    private static readonly TimeSpan PriorityHold = TimeSpan.FromSeconds(15);

    private const string ConcurrencyGroup = "json_extract(spec_json, '$.concurrency.group')";

    public Task<JobClaim?> TryClaimAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            var agent = await c.QuerySingleOrDefaultAsync<AgentRow>(
                "SELECT id, name, tags_json, instance_id, state, job_id, registered_at, last_heartbeat_at, idle_since FROM agents WHERE id = @agentId",
                new { agentId }, tx);
            if (agent is null || agent.State != AgentStates.Idle)
            {
                return null;
            }
            var tags = StoreJson.ReadDictionary(agent.TagsJson);
            var queue = tags.TryGetValue("queue", out var q) ? q : "default";
            var candidates = await c.QueryAsync<(string Id, string AgentRulesJson, string? Group, long? Limit, string? Method)>($"""
                SELECT id, agent_rules_json, {ConcurrencyGroup} AS concurrency_group, json_extract(spec_json, '$.concurrency.limit') AS concurrency_limit,
                    CAST(json_extract(spec_json, '$.concurrency.method') AS TEXT) AS concurrency_method
                FROM jobs WHERE queue = @queue AND state = 'scheduled' AND kind = 'command' ORDER BY priority DESC, scheduled_at, idx LIMIT @limit
                """, new { queue, limit = ClaimCandidates }, tx);
            // Idle agents of the same queue with a higher priority get first pick (Buildkite: higher priority is
            // dispatched first). Their own claim runs under the same store lock, so this only decides who may try.
            List<Dictionary<string, string>>? higher = null;
            string? chosen = null;
            foreach (var candidate in candidates)
            {
                var rules = StoreJson.ReadDictionary(candidate.AgentRulesJson);
                if (!AgentTargeting.Matches(rules, tags))
                {
                    continue;
                }
                // Read once per claim, and only when there is a job this agent could take.
                higher ??= await HigherPriorityIdleAgentsAsync(c, tx, agentId, queue, now);
                if (higher.Any(other => AgentTargeting.Matches(rules, other)))
                {
                    continue;
                }
                if (candidate.Group is null || await HasConcurrencySlotAsync(c, tx, candidate.Id, candidate.Group, candidate.Limit ?? 1, candidate.Method))
                {
                    chosen = candidate.Id;
                    break;
                }
            }
            if (chosen is null)
            {
                return null;
            }
            var at = Time.To(now);
            // Compare-and-set on both sides: the job must still be scheduled and the agent still idle,
            // so a job goes to exactly one agent and an agent holds exactly one job.
            var jobTaken = await c.ExecuteAsync(
                "UPDATE jobs SET state = 'assigned', agent_id = @agentId, assigned_at = @at WHERE id = @chosen AND state = 'scheduled'",
                new { agentId, at, chosen }, tx);
            var agentTaken = await c.ExecuteAsync(
                "UPDATE agents SET state = 'busy', job_id = @chosen, idle_since = NULL WHERE id = @agentId AND state = 'idle'",
                new { chosen, agentId }, tx);
            if (jobTaken != 1 || agentTaken != 1)
            {
                throw new InvalidOperationException($"Claim of job {chosen} by agent {agentId} lost a race it cannot lose under the store lock.");
            }
            var buildId = await c.ExecuteScalarAsync<string>("SELECT build_id FROM jobs WHERE id = @chosen", new { chosen }, tx);
            await AdvanceBuildAsync(c, tx, buildId!, at);
            var build = (await LoadBuildAsync(c, tx, buildId!))!;
            return new JobClaim(build.Jobs.Single(j => j.Id == chosen), build);
        }, cancellationToken);

    /// <summary>
    /// Tags of idle agents of <paramref name="queue"/> whose priority is above this agent's and that heartbeated within
    /// <see cref="PriorityHold"/>: a lower-priority agent leaves a job they can take to them. An idle agent that stopped
    /// heartbeating no longer holds jobs back, even before the reaper marks it lost.
    /// </summary>
    private static async Task<List<Dictionary<string, string>>> HigherPriorityIdleAgentsAsync(
        SqliteConnection c, IDbTransaction tx, string agentId, string queue, DateTimeOffset now)
    {
        var fresh = Time.To(now - PriorityHold);
        var rows = await c.QueryAsync<string>("""
            SELECT tags_json FROM agents
            WHERE queue = @queue AND state = 'idle' AND id <> @agentId AND last_heartbeat_at >= @fresh
              AND priority > (SELECT priority FROM agents WHERE id = @agentId)
            """, new { queue, agentId, fresh }, tx);
        return [.. rows.Select(StoreJson.ReadDictionary)];
    }

    /// <summary>
    /// A job of a concurrency group may go to an agent while fewer than the limit of the group's jobs are on agents
    /// (across all builds); with <c>ordered</c> (the default) only the group's oldest scheduled job may take the slot.
    /// </summary>
    private static async Task<bool> HasConcurrencySlotAsync(SqliteConnection c, IDbTransaction tx, string jobId, string group, long limit, string? method)
    {
        var active = await c.ExecuteScalarAsync<long>(
            $"SELECT COUNT(*) FROM jobs WHERE {ConcurrencyGroup} = @group AND state IN ('assigned', 'running')", new { group }, tx);
        if (active >= limit)
        {
            return false;
        }
        if (method is "1" or "eager" or "Eager")
        {
            return true;
        }
        var oldest = await c.ExecuteScalarAsync<string>(
            $"SELECT id FROM jobs WHERE {ConcurrencyGroup} = @group AND state = 'scheduled' ORDER BY created_at, idx, id LIMIT 1", new { group }, tx);
        return oldest == jobId;
    }

    public Task<StartOutcome> StartAsync(string jobId, string agentId, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            var job = await c.QuerySingleOrDefaultAsync<(string State, string? AgentId, string? CancelReason)>(
                "SELECT state, agent_id, cancel_reason FROM jobs WHERE id = @jobId", new { jobId }, tx);
            if (job.AgentId != agentId)
            {
                return StartOutcome.NotYours;
            }
            if (job.State == "running")
            {
                return StartOutcome.Started;
            }
            if (job.State != "assigned" || job.CancelReason is not null)
            {
                return StartOutcome.Canceled;
            }
            await c.ExecuteAsync("UPDATE jobs SET state = 'running', started_at = @at WHERE id = @jobId AND state = 'assigned'",
                new { jobId, at = Time.To(now) }, tx);
            return StartOutcome.Started;
        }, cancellationToken);

    public Task<LogAppendResult> AppendLogAsync(string jobId, string agentId, long sequence, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            var job = await c.QuerySingleOrDefaultAsync<(string? AgentId, long LogSize, string? CancelReason, string State)>(
                "SELECT agent_id, log_size, cancel_reason, state FROM jobs WHERE id = @jobId", new { jobId }, tx);
            if (job.AgentId != agentId || job.State is not ("assigned" or "running"))
            {
                return new LogAppendResult(LogAppendOutcome.NotYours, job.LogSize, true);
            }
            var cancel = job.CancelReason is not null;
            if (data.Length == 0)
            {
                return new LogAppendResult(LogAppendOutcome.Duplicate, job.LogSize, cancel);
            }
            var seen = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM log_chunks WHERE job_id = @jobId AND seq = @sequence", new { jobId, sequence }, tx);
            if (seen > 0)
            {
                // A retry of a chunk we stored: answering success without storing it again is what makes retries safe.
                return new LogAppendResult(LogAppendOutcome.Duplicate, job.LogSize, cancel);
            }
            if (offset != job.LogSize)
            {
                return new LogAppendResult(LogAppendOutcome.Gap, job.LogSize, cancel);
            }
            await c.ExecuteAsync("INSERT INTO log_chunks (job_id, seq, offset, data) VALUES (@jobId, @sequence, @offset, @data)",
                new { jobId, sequence, offset, data = data.ToArray() }, tx);
            var size = job.LogSize + data.Length;
            await c.ExecuteAsync("UPDATE jobs SET log_size = @size WHERE id = @jobId", new { size, jobId }, tx);
            return new LogAppendResult(LogAppendOutcome.Appended, size, cancel);
        }, cancellationToken);

    public Task<byte[]?> ReadLogAsync(string jobId, long offset, int maxBytes, CancellationToken cancellationToken)
        => ReadAsync(async c =>
        {
            var size = await c.ExecuteScalarAsync<long?>("SELECT log_size FROM jobs WHERE id = @jobId", new { jobId });
            if (size is null)
            {
                return null;
            }
            if (offset >= size)
            {
                return [];
            }
            var chunks = await c.QueryAsync<(long Offset, byte[] Data)>(
                "SELECT offset, data FROM log_chunks WHERE job_id = @jobId AND offset + length(data) > @offset ORDER BY offset",
                new { jobId, offset });
            using var buffer = new MemoryStream();
            foreach (var (chunkOffset, data) in chunks)
            {
                var skip = (int)Math.Max(0, offset - chunkOffset);
                var take = Math.Min(data.Length - skip, maxBytes - (int)buffer.Length);
                if (take <= 0)
                {
                    break;
                }
                buffer.Write(data, skip, take);
            }
            return buffer.ToArray();
        }, cancellationToken);

    public Task<FinishOutcome> FinishAsync(string jobId, string agentId, int exitStatus, DateTimeOffset now, CancellationToken cancellationToken)
        => FinishAsync(jobId, agentId, exitStatus, null, null, now, cancellationToken);

    public Task<FinishOutcome> FinishAsync(
        string jobId, string agentId, int exitStatus, string? signal, string? signalReason, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<JobRow>(
                $"SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.id = @jobId", new { jobId }, tx);
            if (row is null || row.AgentId != agentId)
            {
                return FinishOutcome.NotYours;
            }
            var job = row.ToRecord();
            if (job.State.IsTerminal())
            {
                return FinishOutcome.AlreadyFinished;
            }
            var at = Time.To(now);
            var (state, softFailed) = job.State == JobState.Assigned
                ? (JobState.Canceled, false) // never started: the agent refused it because it was canceled
                : JobOutcome.Decide(exitStatus, job.CancelReason, job.SoftFail);
            await c.ExecuteAsync("""
                UPDATE jobs SET state = @state, exit_status = @exitStatus, soft_failed = @softFailed, finished_at = @at
                WHERE id = @jobId AND state IN ('assigned', 'running')
                """, new { state = state.ToName(), exitStatus, softFailed = softFailed ? 1 : 0, at, jobId }, tx);
            await c.ExecuteAsync("""
                UPDATE agents SET state = CASE WHEN state = 'busy' THEN 'idle' ELSE state END, job_id = NULL, idle_since = @at
                WHERE id = @agentId AND job_id = @jobId
                """, new { at, agentId, jobId }, tx);
            await RetryAutomaticallyAsync(c, tx, jobId, state, exitStatus, signal, signalReason, at);
            await RetryInterruptedAsync(c, tx, jobId, at);
            await AdvanceBuildAsync(c, tx, job.BuildId, at);
            return FinishOutcome.Finished;
        }, cancellationToken);

    public Task<int> RequestTimeoutsAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync((c, tx) => c.ExecuteAsync("""
            UPDATE jobs SET cancel_reason = 'timeout'
            WHERE state = 'running' AND cancel_reason IS NULL AND timeout_minutes IS NOT NULL
              AND started_at + timeout_minutes * 60000 <= @at
            """, new { at = Time.To(now) }, tx), cancellationToken);

    public Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken)
        => ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<JobRow>(
            $"SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.id = @jobId", new { jobId }))?.ToRecord(), cancellationToken);

    /// <summary>
    /// The agents are gone: a job they had started is lost (exit status -1); a job only assigned, never started,
    /// goes back to the queue, since no agent ever ran it (an agent may stop with a job handed to it in flight).
    /// </summary>
    private static async Task LoseJobsOfAsync(SqliteConnection c, IDbTransaction tx, IReadOnlyCollection<string> agentIds, long at, string reason)
    {
        if (agentIds.Count == 0)
        {
            return;
        }
        var jobs = (await c.QueryAsync<(string Id, string BuildId, string State, string? CancelReason)>(
            "SELECT id, build_id, state, cancel_reason FROM jobs WHERE agent_id IN @agentIds AND state IN ('assigned', 'running')", new { agentIds }, tx)).ToList();
        foreach (var (id, _, state, cancelReason) in jobs)
        {
            // An assigned job already asked to stop (its build was canceled) is canceled, not put back in the queue.
            var sql = (state, cancelReason) switch
            {
                ("assigned", null) => "UPDATE jobs SET state = 'scheduled', agent_id = NULL, assigned_at = NULL WHERE id = @id AND state = 'assigned'",
                ("assigned", _) => "UPDATE jobs SET state = 'canceled', exit_status = -1, finished_at = @at WHERE id = @id AND state = 'assigned'",
                _ => "UPDATE jobs SET state = 'lost', exit_status = -1, finished_at = @at WHERE id = @id AND state = 'running'",
            };
            await c.ExecuteAsync(sql, new { at, id }, tx);
            if (state == "running")
            {
                await AppendLostLineAsync(c, tx, id, reason);
                await RetryAutomaticallyAsync(c, tx, id, JobState.Lost, -1, null, null, at);
                await RetryInterruptedAsync(c, tx, id, at);
            }
        }
        foreach (var buildId in jobs.Select(j => j.BuildId).Distinct(StringComparer.Ordinal))
        {
            await AdvanceBuildAsync(c, tx, buildId, at);
        }
    }
}
