namespace ElasticCI.Protocol.Jobs;

/// <summary>A build annotation.</summary>
/// <param name="Context">Its context.</param>
/// <param name="Style">Its style.</param>
/// <param name="Body">Its body.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record AnnotationDto(string Context, string Style, string Body, DateTimeOffset UpdatedAt);
