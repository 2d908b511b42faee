namespace ElasticCI.Protocol.Agents;

/// <summary>Answer to a successful registration.</summary>
/// <param name="AgentId">The agent's id; it appears in <c>BUILDKITE_AGENT_ID</c>.</param>
/// <param name="Name">The agent's name as the coordinator stored it.</param>
/// <param name="AccessToken">Bearer token for every later agent call; it dies when the agent disconnects or is lost.</param>
/// <param name="HeartbeatIntervalSeconds">How often the agent must send a heartbeat.</param>
/// <param name="JobPollTimeoutSeconds">How long the coordinator holds a <c>jobs/next</c> request open before it answers "none".</param>
public sealed record RegisterAgentResponse(
    string AgentId,
    string Name,
    string AccessToken,
    double HeartbeatIntervalSeconds,
    double JobPollTimeoutSeconds);
