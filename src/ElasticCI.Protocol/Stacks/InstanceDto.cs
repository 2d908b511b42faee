namespace ElasticCI.Protocol.Stacks;

/// <summary>An instance of a stack.</summary>
/// <param name="Id">Instance id.</param>
/// <param name="State"><c>pending</c> (booting), <c>running</c>, <c>draining</c>, <c>terminating</c> or <c>terminated</c>.</param>
/// <param name="LaunchedAt">When the provider launched it.</param>
/// <param name="Agents">Its agents.</param>
public sealed record InstanceDto(string Id, string State, DateTimeOffset LaunchedAt, IReadOnlyList<AgentDto> Agents);
