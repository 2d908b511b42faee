namespace ElasticCI.Protocol.Builds;

/// <summary>The agent a job ran on.</summary>
/// <param name="Id">Agent id.</param>
/// <param name="Name">Agent name.</param>
/// <param name="InstanceId">The instance the agent belongs to, if a stack launched it.</param>
public sealed record JobAgentDto(string Id, string Name, string? InstanceId);
