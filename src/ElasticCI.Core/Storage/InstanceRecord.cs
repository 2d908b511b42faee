using ElasticCI.Scaling;

namespace ElasticCI.Storage;

/// <summary>An instance of a stack and its agents.</summary>
internal sealed record InstanceRecord(
    string Id,
    string Stack,
    InstanceState State,
    DateTimeOffset LaunchedAt,
    DateTimeOffset? TerminatedAt,
    IReadOnlyList<AgentRecord> Agents);
