namespace ElasticCI.Protocol.Pipelines;

/// <summary>Every stored pipeline definition, ordered by slug.</summary>
/// <param name="Pipelines">The definitions.</param>
public sealed record PipelineListDto(IReadOnlyList<PipelineDto> Pipelines);
