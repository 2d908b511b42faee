namespace ElasticCI.Protocol.Metrics;

/// <summary>The organization a metrics answer belongs to.</summary>
/// <param name="Slug">Organization slug; a coordinator answers <c>elastic-ci</c>.</param>
public sealed record MetricsOrganizationDto(string Slug);
