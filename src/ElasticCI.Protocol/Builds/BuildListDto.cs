namespace ElasticCI.Protocol.Builds;

/// <summary>Answer to <c>GET /api/v1/builds</c>, newest first.</summary>
/// <param name="Builds">The builds.</param>
public sealed record BuildListDto(IReadOnlyList<BuildDto> Builds);
