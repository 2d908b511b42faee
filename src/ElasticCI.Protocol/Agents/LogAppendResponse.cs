namespace ElasticCI.Protocol.Agents;

/// <summary>Answer to <c>POST /api/agent/v1/jobs/{id}/log</c>.</summary>
/// <param name="NextOffset">The byte offset the coordinator expects next; a retried chunk below it is ignored.</param>
/// <param name="Cancel">True when the job has been canceled (or timed out) and the agent must stop it.</param>
public sealed record LogAppendResponse(long NextOffset, bool Cancel);
