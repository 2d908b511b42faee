namespace ElasticCI.Protocol.Jobs;

/// <summary>A build's artifacts.</summary>
/// <param name="Artifacts">The artifacts, by path.</param>
public sealed record ArtifactListDto(IReadOnlyList<ArtifactDto> Artifacts);

/// <summary>A build's annotations.</summary>
/// <param name="Annotations">The annotations, oldest first.</param>
public sealed record AnnotationListDto(IReadOnlyList<AnnotationDto> Annotations);

/// <summary>A build's meta-data.</summary>
/// <param name="MetaData">Key → value.</param>
public sealed record MetaDataDto(IReadOnlyDictionary<string, string> MetaData);
