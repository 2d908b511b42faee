namespace ElasticCI.Protocol.Stacks;

/// <summary>An agent as the user API shows it.</summary>
/// <param name="Id">Agent id.</param>
/// <param name="Name">Agent name.</param>
/// <param name="State"><c>idle</c>, <c>busy</c>, <c>draining</c>, <c>disconnected</c> or <c>lost</c>.</param>
/// <param name="JobId">The job it is running, if busy.</param>
/// <param name="Version">The version the agent sent at registration; null for agents that did not.</param>
public sealed record AgentDto(string Id, string Name, string State, string? JobId, string? Version = null);
