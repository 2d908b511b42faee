using System.Data.Common;
using Dapper;
using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Lifecycle;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    private string ConcurrencyGroup => Sql.JsonText("spec_json", "concurrency", "group");

    public Task<JobClaim?> TryClaimAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken)
        => ClaimAsync(agentId, (c, tx) => ClaimAsync(c, tx, agentId, now, cancellationToken), cancellationToken);

    public Task<IReadOnlySet<string>> GetQueuesWithScheduledJobsAsync(CancellationToken cancellationToken)
        => ReadAsync<IReadOnlySet<string>>(async c => (await c.QueryAsync<string>(
            "SELECT DISTINCT queue FROM jobs WHERE state = 'scheduled' AND kind = 'command'")).ToHashSet(StringComparer.Ordinal), cancellationToken);

    /// <summary>
    /// Runs a claim's write transaction (<paramref name="claim"/>, the flow every store shares). A store whose writers
    /// queue behind one another across processes may first check, without its write lock, that the claim has anything
    /// to do (PostgreSQL: <c>PostgresStore.ClaimReservation.cs</c>); callers take the cluster signal before they call, so
    /// a job scheduled after such a look wakes them again.
    /// </summary>
    protected virtual Task<JobClaim?> ClaimAsync(string agentId, Func<DbConnection, DbTransaction, Task<JobClaim?>> claim, CancellationToken cancellationToken)
        => WriteAsync(claim, cancellationToken);

    private async Task<JobClaim?> ClaimAsync(DbConnection c, DbTransaction tx, string agentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (agent, rows, higher) = await ReadClaimFactsAsync(c, tx, agentId, now);
        if (agent is null || agent.State != AgentState.Idle.ToName())
        {
            return null;
        }
        var tags = StoreJson.ReadDictionary(agent.TagsJson);
        // Parsed lazily: the choice usually stops at the first candidate.
        var candidates = rows.Select(r => new ClaimCandidate(r.Id, StoreJson.ReadDictionary(r.AgentRulesJson), r.Group, r.Limit, r.Method));
        var chosen = await ClaimChoice.ChooseAsync(candidates, tags, new ClaimFacts(c, tx, higher, ConcurrencyGroup), cancellationToken);
        if (chosen is null)
        {
            return null;
        }
        var at = Time.To(now);
        var buildId = rows.First(r => r.Id == chosen).BuildId;
        // Compare-and-set on both sides: the agent must still be idle and the job still scheduled, so a job goes to
        // exactly one agent and an agent holds exactly one job. A lost race on either side is "no claim", not an error.
        // One command: the agent's side, the job's side (only once the agent is this job's), the job as it now is, and
        // its build's progress, read after the move.
        var (move, parameters) = TransitionCommand(new JobMove(chosen, JobKind.Command, JobState.Scheduled, JobState.Assigned, at) { AgentId = agentId });
        parameters.Add("buildId", buildId);
        bool agentTaken, jobMoved;
        JobRecord job;
        (bool Canceled, BuildTally Tally) progress;
        // Read to the end and closed before the next command on the connection.
        using (var claimed = await c.QueryMultipleAsync($"""
            UPDATE agents SET state = 'busy', job_id = @id, idle_since = NULL WHERE id = @agentId AND state = 'idle' RETURNING id;
            {move} AND EXISTS (SELECT 1 FROM agents WHERE id = @agentId AND job_id = @id AND state = 'busy') RETURNING id;
            SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.id = @id;
            {ProgressSql}
            """, parameters, tx))
        {
            agentTaken = (await claimed.ReadAsync<string>()).Any();
            jobMoved = (await claimed.ReadAsync<string>()).Any();
            job = (await claimed.ReadSingleAsync<JobRow>()).ToRecord();
            progress = await ReadProgressAsync(claimed);
        }
        if (!agentTaken)
        {
            return null;
        }
        if (!jobMoved)
        {
            await c.ExecuteAsync("UPDATE agents SET state = 'idle', job_id = NULL, idle_since = @idleSince WHERE id = @agentId AND job_id = @chosen",
                new { agentId, chosen, idleSince = agent.IdleSince }, tx);
            return null;
        }
        // Only this job's build changes state (scheduled → running at most); no dependency is met by a claim.
        var build = await AdvanceBuildAsync(c, tx, buildId, [], at, progress);
        return new JobClaim(job, build.ToRecord([job]));
    }

    public Task<StartOutcome> StartAsync(string jobId, string agentId, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            // One command: the move Core decides for an assigned job nobody is canceling (assigned → running), made only
            // if the job is that and this agent's; then the job as it is now, which decides every other answer.
            var (move, parameters) = TransitionCommand(new JobMove(jobId, JobKind.Command, JobState.Assigned, JobState.Running, Time.To(now)) { AgentId = agentId });
            bool moved;
            (string State, string? AgentId, string? CancelReason, string Kind) job;
            using (var read = await c.QueryMultipleAsync($"""
                {move} AND agent_id = @agentId AND cancel_reason IS NULL AND kind = 'command' RETURNING id;
                SELECT state, agent_id, cancel_reason, kind FROM jobs WHERE id = @id
                """, parameters, tx))
            {
                moved = (await read.ReadAsync<string>()).Any();
                job = await read.ReadSingleOrDefaultAsync<(string State, string? AgentId, string? CancelReason, string Kind)>();
            }
            if (job.AgentId != agentId)
            {
                return StartOutcome.NotYours;
            }
            if (moved)
            {
                return StartDecision.Decide(JobState.Assigned, null).Outcome;
            }
            var (outcome, transition) = StartDecision.Decide(JobStates.Parse(job.State), job.CancelReason);
            if (transition && !await TransitionAsync(c, tx, new JobMove(jobId, ParseKind(job.Kind), JobState.Assigned, JobState.Running, Time.To(now))))
            {
                // Changed meanwhile (canceled, or back in the queue): the agent must not run it.
                return StartOutcome.Canceled;
            }
            return outcome;
        }, cancellationToken);

    public Task<LogAppendResult> AppendLogAsync(string jobId, string agentId, long sequence, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        => AppendLogAsync(jobId, agentId, sequence, offset, data, long.MaxValue, cancellationToken);

    public Task<LogAppendResult> AppendLogAsync(
        string jobId, string agentId, long sequence, long offset, ReadOnlyMemory<byte> data, long maxLogBytes, CancellationToken cancellationToken)
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
            if (await IsLogCutAsync(c, tx, jobId))
            {
                // Past the cap: acknowledged, not stored, so the agent runs on and its sequence/offset stay consistent.
                return new LogAppendResult(LogAppendOutcome.Appended, offset + data.Length, cancel);
            }
            if (offset != job.LogSize)
            {
                return new LogAppendResult(LogAppendOutcome.Gap, job.LogSize, cancel);
            }
            if (job.LogSize + data.Length > maxLogBytes)
            {
                var cutSize = await AppendCutAsync(c, tx, jobId, sequence, offset, data, maxLogBytes);
                return new LogAppendResult(LogAppendOutcome.Appended, cutSize, cancel);
            }
            await c.ExecuteAsync($"INSERT INTO log_chunks (job_id, seq, {Sql.LogOffset}, data) VALUES (@jobId, @sequence, @offset, @data)",
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
                $"SELECT {Sql.LogOffset} AS byte_offset, data FROM log_chunks WHERE job_id = @jobId AND {Sql.LogOffset} + length(data) > @offset ORDER BY {Sql.LogOffset}",
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
        => WriteAndSignalAsync(async (c, tx) =>
        {
            // One command: the job, with what its retry rules read (its retry counts, its build's cancel flag).
            JobRow? row;
            (string CountsJson, long Canceled) retryFacts;
            using (var read = await c.QueryMultipleAsync($"""
                SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.id = @jobId;
                SELECT j.retry_rule_counts_json, b.cancel_requested FROM jobs j JOIN builds b ON b.id = j.build_id WHERE j.id = @jobId
                """, new { jobId }, tx))
            {
                row = await read.ReadSingleOrDefaultAsync<JobRow>();
                retryFacts = await read.ReadSingleOrDefaultAsync<(string CountsJson, long Canceled)>();
            }
            if (row is null || row.AgentId != agentId)
            {
                return FinishOutcome.NotYours;
            }
            var job = row.ToRecord();
            var verdict = FinishDecision.Decide(job.State, job.CancelReason, exitStatus, job.SoftFail);
            if (verdict.Outcome != FinishOutcome.Finished)
            {
                return verdict.Outcome;
            }
            var at = Time.To(now);
            var move = new JobMove(jobId, job.Kind, job.State, verdict.State, at) { ExitStatus = exitStatus, SoftFailed = verdict.SoftFailed };
            var counts = StoreJson.ReadCounts(retryFacts.CountsJson);
            // The retry Core decides for the job as it ends, if any: a rule of retry.automatic (never in a build being
            // canceled), else the retry of a job its instance's interruption stopped.
            var rule = retryFacts.Canceled != 0 ? null : AutomaticRetry.Match(job.Spec.Retry, verdict.State, exitStatus, signal, signalReason, counts);
            var interrupted = rule is null && RetryRules.RetriesInterrupted(job.CancelReason, job.RetriedBy, verdict.State);
            if (rule is null && !interrupted)
            {
                return await FinishWithoutRetryAsync(c, tx, move, agentId, job.BuildId) ? FinishOutcome.Finished : FinishOutcome.AlreadyFinished;
            }
            if (!await TransitionAsync(c, tx, move))
            {
                // Finished meanwhile by someone else (declared lost, say): that result stands.
                return FinishOutcome.AlreadyFinished;
            }
            await c.ExecuteAsync($"{FreeAgentSql};", new { at, agentId, id = jobId }, tx);
            await CreateRetryAsync(c, tx, jobId, rule is { } index ? AutomaticRetry.Count(counts, index) : null, now, at);
            // A retry rewires dependencies and may reset broken jobs: decide the whole build again.
            await AdvanceBuildAsync(c, tx, job.BuildId, null, at);
            return FinishOutcome.Finished;
        }, outcome => outcome == FinishOutcome.Finished, cancellationToken);

    /// <summary>The agent that held job <c>@id</c> is free again (idle unless it is stopping), from <c>@at</c>.</summary>
    private const string FreeAgentSql = """
        UPDATE agents SET state = CASE WHEN state = 'busy' THEN 'idle' ELSE state END, job_id = NULL, idle_since = @at
        WHERE id = @agentId AND job_id = @id
        """;

    /// <summary>
    /// A finish that retries nothing, in one command and the build's update: the job's move, its agent freed (only once
    /// the job moved), the job's pending dependents and the build's progress, read after the move. False when the job
    /// was finished meanwhile by someone else (declared lost, say): that result stands.
    /// </summary>
    private async Task<bool> FinishWithoutRetryAsync(DbConnection c, DbTransaction tx, JobMove move, string agentId, string buildId)
    {
        var (sql, parameters) = TransitionCommand(move);
        parameters.Add("agentId", agentId);
        parameters.Add("buildId", buildId);
        parameters.Add("dependency", DependencyPattern(move.JobId));
        bool moved;
        IReadOnlyList<SnapshotRow> dependents;
        (bool Canceled, BuildTally Tally) progress;
        using (var read = await c.QueryMultipleAsync($"""
            {sql} RETURNING id;
            {FreeAgentSql} AND EXISTS (SELECT 1 FROM jobs WHERE id = @id AND state = @to AND finished_at = @at);
            {DependentsSql};
            {ProgressSql}
            """, parameters, tx))
        {
            moved = (await read.ReadAsync<string>()).Any();
            dependents = [.. await read.ReadAsync<SnapshotRow>()];
            progress = await ReadProgressAsync(read);
        }
        if (!moved)
        {
            return false;
        }
        await AdvanceBuildAsync(c, tx, buildId, [move.JobId], move.At, progress, dependents);
        return true;
    }

    public Task<int> RequestTimeoutsAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync((c, tx) => c.ExecuteAsync("""
            UPDATE jobs SET cancel_reason = 'timeout'
            WHERE state = 'running' AND cancel_reason IS NULL AND timeout_minutes IS NOT NULL
              AND started_at + timeout_minutes * 60000 <= @at
            """, new { at = Time.To(now) }, tx), count => count > 0, cancellationToken);

    public Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken)
        => ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<JobRow>(
            $"SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.id = @jobId", new { jobId }))?.ToRecord(), cancellationToken);

    /// <summary>
    /// The agents are gone: <see cref="LostAgentDecision"/> says what becomes of each job they held (an agent may stop with
    /// a job handed to it in flight).
    /// </summary>
    private async Task LoseJobsOfAsync(DbConnection c, DbTransaction tx, IReadOnlyCollection<string> agentIds, long at, string reason)
    {
        if (agentIds.Count == 0)
        {
            return;
        }
        var onAgent = LostAgentDecision.OnAgent.Select(s => s.ToName()).ToList();
        var jobs = (await c.QueryAsync<(string Id, string BuildId, string Kind, string State, string? CancelReason)>(
            $"SELECT id, build_id, kind, state, cancel_reason FROM jobs WHERE {Sql.In("agent_id", "agentIds")} AND {Sql.In("state", "onAgent")}", new { agentIds = agentIds.ToArray(), onAgent }, tx)).ToList();
        var changed = new Dictionary<string, List<string>?>(StringComparer.Ordinal);
        foreach (var (id, buildId, kind, stateName, cancelReason) in jobs)
        {
            var state = JobStates.Parse(stateName);
            var to = LostAgentDecision.For(state, cancelReason);
            if (!await TransitionAsync(c, tx, new JobMove(id, ParseKind(kind), state, to, at) { ExitStatus = -1 }))
            {
                continue;
            }
            if (to == JobState.Lost)
            {
                // The log says why it ends here, so a watcher sees the job was lost, not that output stopped.
                await AppendLostLineAsync(c, tx, id, reason);
            }
            var retried = false;
            if (LostAgentDecision.RetriesApply(to))
            {
                retried = await RetryAutomaticallyAsync(c, tx, id, to, -1, null, null, at);
                retried |= await RetryInterruptedAsync(c, tx, id, at);
            }
            var list = changed.TryGetValue(buildId, out var existing) ? existing : [];
            list?.Add(id);
            changed[buildId] = retried ? null : list;
        }
        foreach (var (buildId, jobIds) in changed)
        {
            await AdvanceBuildAsync(c, tx, buildId, jobIds, at);
        }
    }
}
