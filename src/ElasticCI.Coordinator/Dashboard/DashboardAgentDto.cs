namespace ElasticCI.Coordinator.Dashboard;

/// <summary>One agent on the agents page; <see cref="Version"/> is its <c>version</c> tag when it has one.</summary>
internal sealed record DashboardAgentDto(
    string Id, string Name, string Queue, IReadOnlyDictionary<string, string> Tags, string State, string? JobId, string? InstanceId,
    string? Version, DateTimeOffset RegisteredAt, DateTimeOffset LastHeartbeatAt);
