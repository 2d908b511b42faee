namespace ElasticCI.Protocol.Agents;

/// <summary>Body of <c>POST /api/agent/v1/register</c>, sent with the registration token.</summary>
/// <param name="Name">Requested agent name; the coordinator keeps it unless it is empty.</param>
/// <param name="Tags">Agent tags (<c>queue</c> included), matched against a job's <c>agents</c> rules.</param>
/// <param name="InstanceId">The instance the agent runs on, when a provider launched it; otherwise null.</param>
/// <param name="Hostname">Host the agent runs on, for display.</param>
/// <param name="Pid">Process id of the agent, for display and diagnostics.</param>
/// <param name="Priority">
/// Dispatch priority (<c>--priority</c>): while an idle agent of higher priority can take a job, agents of lower priority
/// are not given it. Default 0.
/// </param>
/// <param name="Version">The agent's version (<c>elastic-ci</c>'s informational version), for display; null from agents that predate it.</param>
public sealed record RegisterAgentRequest(
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    string? InstanceId,
    string? Hostname,
    int Pid,
    int Priority = 0,
    string? Version = null);
