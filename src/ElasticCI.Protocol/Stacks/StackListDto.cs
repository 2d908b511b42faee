namespace ElasticCI.Protocol.Stacks;

/// <summary>Answer to <c>GET /api/v1/stacks</c>: every stack the coordinator runs.</summary>
/// <param name="Stacks">The stacks.</param>
public sealed record StackListDto(IReadOnlyList<StackStatusDto> Stacks);
