namespace ElasticCI.Agent.Health;

/// <summary>One worker's line of <c>GET /status</c>.</summary>
internal sealed record WorkerSnapshot(string Name, string State, string? JobId, DateTimeOffset? LastHeartbeat, bool Unreachable);
