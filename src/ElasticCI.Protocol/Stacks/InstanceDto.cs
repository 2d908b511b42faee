namespace ElasticCI.Protocol.Stacks;

/// <summary>An instance of a stack.</summary>
/// <param name="Id">Instance id.</param>
/// <param name="State"><c>pending</c> (booting), <c>running</c>, <c>draining</c>, <c>terminating</c> or <c>terminated</c>.</param>
/// <param name="LaunchedAt">When the provider launched it.</param>
/// <param name="Agents">Its agents.</param>
/// <param name="Revision">The instance revision it was launched with (hash of the instance-affecting stack settings).</param>
/// <param name="Outdated">Launched with an older revision than the stack's current one: a rolling update replaces it.</param>
/// <param name="Lifecycle"><c>on-demand</c> or <c>spot</c> (spot instances can get an interruption notice).</param>
/// <param name="InterruptionDeadline">When a spot interruption notice terminates it; null without one.</param>
public sealed record InstanceDto(
    string Id, string State, DateTimeOffset LaunchedAt, IReadOnlyList<AgentDto> Agents, string? Revision = null, bool Outdated = false,
    string Lifecycle = "on-demand", DateTimeOffset? InterruptionDeadline = null);
