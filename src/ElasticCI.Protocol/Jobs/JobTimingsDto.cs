namespace ElasticCI.Protocol.Jobs;

/// <summary>
/// When each phase of a job began (ISO-8601), and the durations between consecutive known points. The scale-out and
/// instance points are null when the job ran on an instance that already existed when it was scheduled.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="Stack">The stack of the instance it ran on, if any.</param>
/// <param name="InstanceId">The instance it ran on, if any.</param>
/// <param name="ScheduledAt">Became runnable.</param>
/// <param name="ScaleOutDecidedAt">The scaler decided to launch capacity for it.</param>
/// <param name="InstanceLaunchedAt">Its instance was launched.</param>
/// <param name="AgentRegisteredAt">The agent that ran it registered.</param>
/// <param name="AssignedAt">Given to that agent.</param>
/// <param name="StartedAt">The agent started it.</param>
/// <param name="FinishedAt">It finished.</param>
/// <param name="Phases">Durations between consecutive known points, in order.</param>
public sealed record JobTimingsDto(
    string JobId,
    string? Stack,
    string? InstanceId,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? ScaleOutDecidedAt,
    DateTimeOffset? InstanceLaunchedAt,
    DateTimeOffset? AgentRegisteredAt,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<JobPhaseDto> Phases);
