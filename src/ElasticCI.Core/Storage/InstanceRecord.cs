using ElasticCI.Scaling;

namespace ElasticCI.Storage;

/// <summary>An instance of a stack and its agents.</summary>
internal sealed record InstanceRecord(
    string Id,
    string Stack,
    InstanceState State,
    DateTimeOffset LaunchedAt,
    DateTimeOffset? TerminatedAt,
    IReadOnlyList<AgentRecord> Agents)
{
    /// <summary><see cref="Scaling.InstanceLifecycles"/>.</summary>
    public string Lifecycle { get; init; } = InstanceLifecycles.OnDemand;

    /// <summary>When a spot interruption notice says the instance goes away; null without a notice.</summary>
    public DateTimeOffset? InterruptionDeadline { get; init; }
}
