namespace ElasticCI.Storage;

/// <summary>Spot capacity: which instances are spot, and their interruption notices.</summary>
internal interface ISpotStore
{
    /// <summary>Decides (under the write lock) and stores whether a just-added instance is on-demand or spot; returns the lifecycle.</summary>
    Task<string> AssignLifecycleAsync(string instanceId, string stack, int onDemandBase, int onDemandPercentage, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-set: a live spot instance without a notice gets one. It drains at once (all its agents, busy ones
    /// included, take no new work); the stack it belongs to is returned with the outcome.
    /// </summary>
    Task<(InterruptOutcome Outcome, string? Stack)> TryInterruptAsync(string instanceId, DateTimeOffset now, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>Asks the instance's agents to cancel their running jobs; each is retried when it reports (or is lost), whatever its step's retry rules. Returns the job ids.</summary>
    Task<IReadOnlyList<string>> CancelJobsForInterruptionAsync(string instanceId, CancellationToken cancellationToken);
}
