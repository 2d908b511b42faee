namespace ElasticCI.Storage;

/// <summary>A registered agent.</summary>
internal sealed record AgentRecord(
    string Id,
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    string? InstanceId,
    string State,
    string? JobId,
    DateTimeOffset RegisteredAt,
    DateTimeOffset LastHeartbeatAt,
    DateTimeOffset? IdleSince,
    string? Version = null)
{
    public string Queue => Tags.TryGetValue("queue", out var queue) ? queue : "default";
}
