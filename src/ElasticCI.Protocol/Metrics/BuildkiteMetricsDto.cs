namespace ElasticCI.Protocol.Metrics;

/// <summary>The answer of <c>GET /v3/metrics</c> and <c>/v3/metrics/queue</c>, in the shape of Buildkite's agent metrics API.</summary>
/// <param name="Organization">Who the metrics belong to.</param>
/// <param name="Agents">Agent counts (per queue too, for <c>/v3/metrics</c>).</param>
/// <param name="Jobs">Job counts (per queue too, for <c>/v3/metrics</c>).</param>
public sealed record BuildkiteMetricsDto(MetricsOrganizationDto Organization, AgentMetricsDto Agents, JobMetricsDto Jobs);
