namespace ElasticCI.Coordinator.Dashboard;

/// <summary>One agent on the agents page; <see cref="Version"/> is the version it sent at registration, else its <c>version</c> tag.</summary>
internal sealed record DashboardAgentDto(
    string Id, string Name, string Queue, IReadOnlyDictionary<string, string> Tags, string State, string? JobId, string? InstanceId,
    string? Version, DateTimeOffset RegisteredAt, DateTimeOffset LastHeartbeatAt);
