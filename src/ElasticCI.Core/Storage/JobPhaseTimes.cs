namespace ElasticCI.Storage;

/// <summary>
/// When each phase of a job's life began: scheduled → scale-out decided (the scaler decision that launched its
/// instance, when that instance was launched for it) → instance launched → agent registered → assigned → started → finished.
/// </summary>
internal sealed record JobPhaseTimes(
    string JobId,
    string? Stack,
    string? InstanceId,
    DateTimeOffset? Scheduled,
    DateTimeOffset? ScaleOutDecided,
    DateTimeOffset? InstanceLaunched,
    DateTimeOffset? AgentRegistered,
    DateTimeOffset? Assigned,
    DateTimeOffset? Started,
    DateTimeOffset? Finished);
