namespace ElasticCI.Protocol.Builds;

/// <summary>The moments a job passed through its lifecycle (UTC); null where it has not (yet).</summary>
/// <param name="CreatedAt">The job was created with its build.</param>
/// <param name="ScheduledAt">Its dependencies were met and it waited for an agent.</param>
/// <param name="AssignedAt">An agent took it.</param>
/// <param name="StartedAt">The agent started running it.</param>
/// <param name="FinishedAt">It reached a final state.</param>
public sealed record JobTimesDto(
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);
