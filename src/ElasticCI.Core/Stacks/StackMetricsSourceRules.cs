namespace ElasticCI.Stacks;

/// <summary>Checks of <c>MetricsSource</c> and the settings that only make sense with one of its values.</summary>
internal static class StackMetricsSourceRules
{
    public static void Check(StackDefinition stack, string where, List<string> errors)
    {
        var endpointGiven = stack.BuildkiteAgentEndpoint != StackMetricsSources.DefaultEndpoint;
        switch (stack.MetricsSource)
        {
            case StackMetricsSources.Local:
                if (endpointGiven || stack.BuildkiteAgentTokenFile is not null)
                {
                    errors.Add($"{where}: BuildkiteAgentEndpoint and BuildkiteAgentTokenFile apply only with MetricsSource: buildkite");
                }
                break;
            case StackMetricsSources.Buildkite:
                if (stack.BuildkiteAgentTokenFile is null)
                {
                    errors.Add($"{where}: MetricsSource: buildkite needs BuildkiteAgentTokenFile (a file holding the agent token)");
                }
                if (!Uri.TryCreate(stack.BuildkiteAgentEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    errors.Add($"{where}: BuildkiteAgentEndpoint must be an absolute http(s) URL, was '{stack.BuildkiteAgentEndpoint}'");
                }
                break;
            default:
                errors.Add($"{where}: MetricsSource must be '{StackMetricsSources.Local}' or '{StackMetricsSources.Buildkite}', was '{stack.MetricsSource}'");
                break;
        }
    }

    public static void MinPollInterval(StackDefinition stack, string where, List<string> errors)
    {
        if (stack.MinPollInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{where}: MinPollInterval must be at least 1 second");
        }
    }
}
