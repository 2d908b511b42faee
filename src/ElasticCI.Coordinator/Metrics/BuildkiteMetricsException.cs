namespace ElasticCI.Coordinator.Metrics;

/// <summary>A metrics API answered, but not with usable metrics (wrong status, bad body).</summary>
internal sealed class BuildkiteMetricsException(string message) : Exception(message);
