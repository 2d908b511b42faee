namespace ElasticCI.Coordinator.Dashboard;

/// <summary>The agents page: each agent with its queue, tags, state, current job and last heartbeat.</summary>
internal sealed record DashboardAgentsDto(IReadOnlyList<DashboardAgentDto> Agents);
