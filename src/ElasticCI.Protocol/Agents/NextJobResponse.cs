namespace ElasticCI.Protocol.Agents;

/// <summary>Answer to the long-poll <c>POST /api/agent/v1/jobs/next</c>.</summary>
/// <param name="Action">One of <see cref="AgentActions.Job"/>, <see cref="AgentActions.None"/> or <see cref="AgentActions.Stop"/>.</param>
/// <param name="Job">The job handed to this agent when <paramref name="Action"/> is <c>job</c>; exactly one agent gets it.</param>
public sealed record NextJobResponse(string Action, JobAssignment? Job);
