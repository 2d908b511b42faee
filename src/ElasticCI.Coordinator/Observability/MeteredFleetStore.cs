using ElasticCI.Scaling;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Observability;

/// <summary>The fleet store, counting each scaling action it records in <c>elasticci_scaling_decisions_total</c> and waking fleet watchers.</summary>
internal sealed class MeteredFleetStore(IFleetStore inner, ElasticCIMetrics metrics, ChangeFeed changes) : IFleetStore
{
    public Task AddInstanceAsync(string instanceId, string stack, DateTimeOffset now, CancellationToken cancellationToken)
        => inner.AddInstanceAsync(instanceId, stack, now, cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(string stack, DateTimeOffset terminatedSince, CancellationToken cancellationToken)
        => inner.ListInstancesAsync(stack, terminatedSince, cancellationToken);

    public Task<bool> TryDrainInstanceAsync(string instanceId, DateTimeOffset now, CancellationToken cancellationToken)
        => inner.TryDrainInstanceAsync(instanceId, now, cancellationToken);

    public async Task MarkInstanceTerminatedAsync(string instanceId, DateTimeOffset now, ScalingEvent why, CancellationToken cancellationToken)
    {
        await inner.MarkInstanceTerminatedAsync(instanceId, now, why, cancellationToken);
        Recorded(why);
    }

    public async Task AddScalingEventAsync(ScalingEvent scalingEvent, CancellationToken cancellationToken)
    {
        await inner.AddScalingEventAsync(scalingEvent, cancellationToken);
        Recorded(scalingEvent);
    }

    private void Recorded(ScalingEvent scalingEvent)
    {
        metrics.ScalingDecisions.Add(1,
            new KeyValuePair<string, object?>("stack", scalingEvent.Stack), new KeyValuePair<string, object?>("action", scalingEvent.Action));
        changes.Changed();
    }

    public Task<IReadOnlyList<ScalingEvent>> ListScalingEventsAsync(string stack, int limit, CancellationToken cancellationToken)
        => inner.ListScalingEventsAsync(stack, limit, cancellationToken);

    public Task<QueueDemand> GetQueueDemandAsync(string queue, CancellationToken cancellationToken)
        => inner.GetQueueDemandAsync(queue, cancellationToken);

    public Task<int> CountConnectedAgentsAsync(string queue, CancellationToken cancellationToken)
        => inner.CountConnectedAgentsAsync(queue, cancellationToken);
}
