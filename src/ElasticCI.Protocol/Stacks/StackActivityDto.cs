namespace ElasticCI.Protocol.Stacks;

/// <summary>Answer to <c>GET /api/v1/stacks/activity</c>: scaling events of one or every stack, newest first.</summary>
/// <param name="Events">The events.</param>
public sealed record StackActivityDto(IReadOnlyList<StackActivityEventDto> Events);
