using ElasticCI.Jobs;
using ElasticCI.Scaling;

namespace ElasticCI.Storage.Relational;

// Dapper maps snake_case columns onto these (MatchNamesWithUnderscores); records are built from them.
internal sealed class BuildRow
{
    public string Id { get; set; } = "";
    public string PipelineSlug { get; set; } = "";
    public long Number { get; set; }
    public string State { get; set; } = "";
    public string Branch { get; set; } = "";
    public string CommitSha { get; set; } = "";
    public string Message { get; set; } = "";
    public string EnvJson { get; set; } = "{}";
    public long CancelRequested { get; set; }
    public long CreatedAt { get; set; }
    public long? StartedAt { get; set; }
    public long? FinishedAt { get; set; }
    public string Repository { get; set; } = "";
    public string SourceYaml { get; set; } = "";

    public string? OriginJson { get; set; }

    public BuildRecord ToRecord(IReadOnlyList<JobRecord> jobs) => new(
        Id, PipelineSlug, (int)Number, State, Branch, CommitSha, Message, StoreJson.ReadDictionary(EnvJson),
        CancelRequested != 0, Time.From(CreatedAt), Time.From(StartedAt), Time.From(FinishedAt), jobs)
    {
        Repository = Repository,
        SourceYaml = SourceYaml,
        Origin = OriginJson is null ? Builds.BuildOrigin.Api : StoreJson.ReadOrigin(OriginJson),
    };
}

internal sealed class JobRow
{
    public string Id { get; set; } = "";
    public string BuildId { get; set; } = "";
    public long Idx { get; set; }
    public string? StepKey { get; set; }
    public string Label { get; set; } = "";
    public string Command { get; set; } = "";
    public string EnvJson { get; set; } = "{}";
    public string AgentRulesJson { get; set; } = "{}";
    public string Queue { get; set; } = "";
    public string DependsOnJson { get; set; } = "[]";
    public long ContinueOnFailure { get; set; }
    public long? ParallelJob { get; set; }
    public long? ParallelJobCount { get; set; }
    public long? TimeoutMinutes { get; set; }
    public string SoftFailJson { get; set; } = "{}";
    public string State { get; set; } = "";
    public long? ExitStatus { get; set; }
    public long SoftFailed { get; set; }
    public string? AgentId { get; set; }
    public string? AgentName { get; set; }
    public string? InstanceId { get; set; }
    public string? CancelReason { get; set; }
    public long LogSize { get; set; }
    public long CreatedAt { get; set; }
    public long? ScheduledAt { get; set; }
    public long? AssignedAt { get; set; }
    public long? StartedAt { get; set; }
    public long? FinishedAt { get; set; }
    public string Kind { get; set; } = "command";
    public string SpecJson { get; set; } = "{}";
    public long RetryCount { get; set; }
    public string? RetriedBy { get; set; }

    public JobRecord ToRecord() => new(
        Id, BuildId, (int)Idx, StepKey, Label, Command, StoreJson.ReadDictionary(EnvJson), StoreJson.ReadDictionary(AgentRulesJson),
        Queue, StoreJson.ReadList(DependsOnJson), ContinueOnFailure != 0, (int?)ParallelJob, (int?)ParallelJobCount, (int?)TimeoutMinutes,
        StoreJson.ReadSoftFail(SoftFailJson), JobStates.Parse(State), (int?)ExitStatus, SoftFailed != 0, AgentId, AgentName, InstanceId,
        CancelReason, LogSize, Time.From(CreatedAt), Time.From(ScheduledAt), Time.From(AssignedAt), Time.From(StartedAt), Time.From(FinishedAt))
    {
        Kind = Enum.Parse<Builds.JobKind>(Kind, ignoreCase: true),
        Spec = StoreJson.ReadSpec(SpecJson),
        RetryCount = (int)RetryCount,
        RetriedBy = RetriedBy,
    };
}

internal sealed class AgentRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string TagsJson { get; set; } = "{}";
    public string? InstanceId { get; set; }
    public string State { get; set; } = "";
    public string? JobId { get; set; }
    public long RegisteredAt { get; set; }
    public long LastHeartbeatAt { get; set; }
    public long? IdleSince { get; set; }
    public string? Version { get; set; }

    public AgentRecord ToRecord() => new(
        Id, Name, StoreJson.ReadDictionary(TagsJson), InstanceId, State, JobId, Time.From(RegisteredAt), Time.From(LastHeartbeatAt), Time.From(IdleSince), Version);
}

internal sealed class InstanceRow
{
    public string Id { get; set; } = "";
    public string Stack { get; set; } = "";
    public string State { get; set; } = "";
    public long LaunchedAt { get; set; }
    public long? TerminatedAt { get; set; }
    public string Lifecycle { get; set; } = InstanceLifecycles.OnDemand;
    public long? InterruptionDeadline { get; set; }

    public InstanceRecord ToRecord(IReadOnlyList<AgentRecord> agents)
        => new(Id, Stack, InstanceStates.Parse(State), Time.From(LaunchedAt), Time.From(TerminatedAt), agents)
        {
            Lifecycle = Lifecycle,
            InterruptionDeadline = Time.From(InterruptionDeadline),
        };
}

internal sealed class ScalingEventRow
{
    public string Stack { get; set; } = "";
    public long At { get; set; }
    public string Action { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? InstanceId { get; set; }

    public ScalingEvent ToRecord() => new(Stack, Time.From(At), Action, Reason, InstanceId);
}

internal static class Time
{
    public static long To(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset From(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? From(long? value) => value is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
