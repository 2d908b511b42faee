using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Observability;

/// <summary>One sample of the fleet: per-queue job and agent counts and per-stack instance counts.</summary>
internal sealed record FleetSnapshot(DateTimeOffset At, IReadOnlyList<QueueMetrics> Queues, IReadOnlyList<StackSample> Stacks)
{
    public static FleetSnapshot Empty { get; } = new(DateTimeOffset.MinValue, [], []);
}
