namespace ElasticCI.Stacks;

/// <summary>Values of the <c>MetricsSource</c> stack parameter.</summary>
internal static class StackMetricsSources
{
    /// <summary>Demand from this coordinator's own jobs and agents.</summary>
    public const string Local = "local";

    /// <summary>Demand from a Buildkite-compatible agent metrics API (buildkite.com or another coordinator's <c>/v3</c>).</summary>
    public const string Buildkite = "buildkite";

    public const string DefaultEndpoint = "https://agent.buildkite.com/v3";
}
