namespace ElasticCI.Protocol.Builds;

/// <summary>One job of a build.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Key">The step's <c>key</c>, if it has one.</param>
/// <param name="Label">The step's label (with the parallel index for parallel jobs).</param>
/// <param name="State">Job state: <c>pending</c>, <c>scheduled</c>, <c>assigned</c>, <c>running</c>, <c>passed</c>, <c>failed</c>, <c>canceled</c>, <c>timed_out</c>, <c>lost</c>, <c>skipped</c>, <c>broken</c>.</param>
/// <param name="ExitStatus">Exit status once finished; -1 when the job never ran to an exit code.</param>
/// <param name="SoftFailed">True when the job failed but its <c>soft_fail</c> rule keeps the build green.</param>
/// <param name="Queue">Queue the job targets.</param>
/// <param name="ParallelJob">0-based index among a parallel step's jobs, or null.</param>
/// <param name="ParallelJobCount">Number of jobs the parallel step made, or null.</param>
/// <param name="Agent">The agent that ran (or is running) the job, if any.</param>
/// <param name="LogSize">Bytes of log stored so far.</param>
/// <param name="Times">When the job passed each phase.</param>
public sealed record JobDto(
    string Id,
    string? Key,
    string Label,
    string State,
    int? ExitStatus,
    bool SoftFailed,
    string Queue,
    int? ParallelJob,
    int? ParallelJobCount,
    JobAgentDto? Agent,
    long LogSize,
    JobTimesDto Times)
{
    /// <summary>How many retries came before this job (<c>BUILDKITE_RETRY_COUNT</c>).</summary>
    public int RetryCount { get; init; }

    /// <summary>The job that retried this one; a retried job no longer counts towards its build's state.</summary>
    public string? RetriedBy { get; init; }

    /// <summary>The group step the job's step sits in; null when the step is not in a group.</summary>
    public JobGroupDto? Group { get; init; }
}
