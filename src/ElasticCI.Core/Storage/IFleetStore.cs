using ElasticCI.Scaling;

namespace ElasticCI.Storage;

/// <summary>Instances, scaling events and queue demand: what the scaler reads and writes.</summary>
internal interface IFleetStore
{
    Task AddInstanceAsync(string instanceId, string stack, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Live instances of a stack with their agents, plus those terminated since <paramref name="terminatedSince"/>.</summary>
    Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(string stack, DateTimeOffset terminatedSince, CancellationToken cancellationToken);

    /// <summary>Compare-and-set: drains the instance only if none of its agents is busy. False when it could not.</summary>
    Task<bool> TryDrainInstanceAsync(string instanceId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The instance is gone: its agents leave, and a job any of them still held is lost. <paramref name="why"/> is stored in
    /// the same write: an instance is never marked terminated without the event that says why.
    /// </summary>
    Task MarkInstanceTerminatedAsync(string instanceId, DateTimeOffset now, ScalingEvent why, CancellationToken cancellationToken);

    Task AddScalingEventAsync(ScalingEvent scalingEvent, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<ScalingEvent>> ListScalingEventsAsync(string stack, int limit, CancellationToken cancellationToken);

    Task<QueueDemand> GetQueueDemandAsync(string queue, CancellationToken cancellationToken);

    /// <summary>Agents connected to <paramref name="queue"/> (idle, busy or draining), whoever started them: the original's agents.total.</summary>
    Task<int> CountConnectedAgentsAsync(string queue, CancellationToken cancellationToken);
}
