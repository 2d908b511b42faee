namespace ElasticCI.Storage;

/// <summary>Answer to an agent starting a job.</summary>
internal enum StartOutcome
{
    Started,
    /// <summary>The job was canceled before it started: the agent must not run it.</summary>
    Canceled,
    /// <summary>The job is not assigned to this agent (or does not exist).</summary>
    NotYours,
}

/// <summary>Answer to a log append.</summary>
internal enum LogAppendOutcome
{
    Appended,
    /// <summary>This sequence number was stored before: a retry, ignored.</summary>
    Duplicate,
    /// <summary>The offset does not continue the stored log: bytes would be lost or doubled.</summary>
    Gap,
    NotYours,
}

/// <summary>Result of a log append: what happened, the next expected offset, and whether the job must stop.</summary>
internal sealed record LogAppendResult(LogAppendOutcome Outcome, long NextOffset, bool Cancel);

/// <summary>Answer to finishing a job.</summary>
internal enum FinishOutcome
{
    Finished,
    /// <summary>Already finished by this agent with the same report: a retry.</summary>
    AlreadyFinished,
    NotYours,
    /// <summary>The job was assigned but never started: a result for it is refused (it is not marked passed or failed).</summary>
    NotStarted,
}

/// <summary>Answer to a manual retry.</summary>
internal enum RetryOutcome
{
    Retried,
    NotFound,
    /// <summary>The job has not finished, or was already retried.</summary>
    NotFinished,
    /// <summary>The step's <c>retry.manual</c> forbids it, the job never ran (broken, skipped) or the build was canceled.</summary>
    NotAllowed,
}

/// <summary>Result of a manual retry: what happened, the new job when one was made, and why not otherwise.</summary>
internal sealed record RetryResult(RetryOutcome Outcome, JobRecord? Job = null, string? Reason = null);

/// <summary>Answer to unblocking a block/input job.</summary>
internal enum UnblockOutcome
{
    Unblocked,
    NotFound,
    /// <summary>The job is not blocked (not reached yet, already unblocked, canceled or not a block/input job).</summary>
    NotBlocked,
}

/// <summary>A job claimed for an agent, with the build it belongs to (for the job's environment).</summary>
internal sealed record JobClaim(JobRecord Job, BuildRecord Build);
