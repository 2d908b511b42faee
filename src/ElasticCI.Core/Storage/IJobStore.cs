namespace ElasticCI.Storage;

/// <summary>Dispatch and job lifecycle. Assignment is a compare-and-set: exactly one agent gets a job.</summary>
internal interface IJobStore
{
    /// <summary>Assigns the oldest scheduled job that matches the agent's queue and tags, if the agent is idle.</summary>
    Task<JobClaim?> TryClaimAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The queues that have at least one scheduled command job: what a claim could take at all. A cheap look for a process
    /// whose waiting agents were all woken by one change, so only agents of those queues go on to claim.
    /// </summary>
    Task<IReadOnlySet<string>> GetQueuesWithScheduledJobsAsync(CancellationToken cancellationToken);

    Task<StartOutcome> StartAsync(string jobId, string agentId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Appends a chunk; idempotent per sequence number, refuses gaps.</summary>
    Task<LogAppendResult> AppendLogAsync(string jobId, string agentId, long sequence, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        => AppendLogAsync(jobId, agentId, sequence, offset, data, long.MaxValue, cancellationToken);

    /// <summary>As above, keeping at most <paramref name="maxLogBytes"/> bytes of agent output: the chunk that reaches the cap is cut
    /// there and followed by one line saying so; later chunks are acknowledged without being stored.</summary>
    Task<LogAppendResult> AppendLogAsync(
        string jobId, string agentId, long sequence, long offset, ReadOnlyMemory<byte> data, long maxLogBytes, CancellationToken cancellationToken);

    /// <summary>Log bytes from <paramref name="offset"/> (at most <paramref name="maxBytes"/>); null when the job does not exist.</summary>
    Task<byte[]?> ReadLogAsync(string jobId, long offset, int maxBytes, CancellationToken cancellationToken);

    /// <summary>Records the exit status, frees the agent and moves the build forward.</summary>
    Task<FinishOutcome> FinishAsync(string jobId, string agentId, int exitStatus, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>As above, with the signal that ended the process and why the agent sent it (for <c>retry.automatic</c> rules).</summary>
    Task<FinishOutcome> FinishAsync(string jobId, string agentId, int exitStatus, string? signal, string? signalReason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Retries a finished job by hand: a new job with the same step data replaces it in the build.</summary>
    Task<RetryResult> RetryJobAsync(string jobId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Passes a blocked block/input job and stores the submitted field values as build meta-data, in one transaction.</summary>
    Task<UnblockOutcome> UnblockAsync(string jobId, IReadOnlyDictionary<string, string> metaData, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Trigger jobs whose dependencies are met and that have not created their build yet.</summary>
    Task<IReadOnlyList<JobRecord>> ListRunnableTriggersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records the build a trigger job created (null: it could not create one, the job fails and <paramref name="failure"/> becomes its log);
    /// async triggers pass at once.
    /// </summary>
    Task<bool> StartTriggerAsync(string jobId, string? triggeredBuildId, bool async, string? failure, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Finishes waiting trigger jobs whose triggered build finished, with its result; returns how many.</summary>
    Task<int> FinishTriggersAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Asks agents to stop jobs that ran past <c>timeout_in_minutes</c>; returns how many.</summary>
    Task<int> RequestTimeoutsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken);
}
