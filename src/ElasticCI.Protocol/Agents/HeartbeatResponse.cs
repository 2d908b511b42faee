namespace ElasticCI.Protocol.Agents;

/// <summary>Answer to <c>POST /api/agent/v1/heartbeat</c>.</summary>
/// <param name="Action"><see cref="AgentActions.Continue"/> or <see cref="AgentActions.Stop"/> (drain: finish the running job, then exit).</param>
/// <param name="CancelJobs">Ids of this agent's jobs that must be stopped now.</param>
public sealed record HeartbeatResponse(string Action, IReadOnlyList<string> CancelJobs);
