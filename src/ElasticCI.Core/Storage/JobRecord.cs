using ElasticCI.Jobs;
using ElasticCI.Pipelines;

namespace ElasticCI.Storage;

/// <summary>A stored job.</summary>
internal sealed record JobRecord(
    string Id,
    string BuildId,
    int Index,
    string? StepKey,
    string Label,
    string Command,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> AgentRules,
    string Queue,
    IReadOnlyList<string> DependsOn,
    bool ContinueOnFailure,
    int? ParallelJob,
    int? ParallelJobCount,
    int? TimeoutInMinutes,
    SoftFail SoftFail,
    JobState State,
    int? ExitStatus,
    bool SoftFailed,
    string? AgentId,
    string? AgentName,
    string? InstanceId,
    string? CancelReason,
    long LogSize,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>Command jobs run on agents; block, input and trigger jobs are carried out by the coordinator.</summary>
    public Builds.JobKind Kind { get; init; } = Builds.JobKind.Command;

    /// <summary>Settings beyond the columns above (retry, concurrency, priority, plugins, artifact paths, ...).</summary>
    public Builds.JobSpec Spec { get; init; } = Builds.JobSpec.Empty;

    /// <summary>How many retries came before this job (<c>BUILDKITE_RETRY_COUNT</c>).</summary>
    public int RetryCount { get; init; }

    /// <summary>The job that retried this one, if any; a retried job no longer counts towards its build.</summary>
    public string? RetriedBy { get; init; }
}
