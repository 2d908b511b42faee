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
}
