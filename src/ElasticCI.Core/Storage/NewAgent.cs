namespace ElasticCI.Storage;

/// <summary>An agent to register; <see cref="TokenHash"/> is the SHA-256 of its access token (the token itself is never stored).</summary>
internal sealed record NewAgent(string Id, string Name, string TokenHash, IReadOnlyDictionary<string, string> Tags, string? InstanceId, string? Hostname, int Pid, int Priority = 0, string? Version = null);
