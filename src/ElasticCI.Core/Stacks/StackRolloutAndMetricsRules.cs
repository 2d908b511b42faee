namespace ElasticCI.Stacks;

/// <summary>Checks of the rolling-update and metrics-source parameters, including the combinations that make no sense.</summary>
internal static class StackRolloutAndMetricsRules
{
    public static void Check(StackDefinition stack, string where, List<string> errors)
    {
        if (stack.MaxSurge < 0)
        {
            errors.Add($"{where}: MaxSurge must be 0 or more, was {stack.MaxSurge}");
        }
        if (stack.MaxUnavailable < 0)
        {
            errors.Add($"{where}: MaxUnavailable must be 0 or more, was {stack.MaxUnavailable}");
        }
        if (stack.MaxSurge == 0 && stack.MaxUnavailable == 0)
        {
            errors.Add($"{where}: MaxSurge and MaxUnavailable cannot both be 0 (a rolling update could never make progress)");
        }
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
        if (stack.MinPollInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{where}: MinPollInterval must be at least 1 second");
        }
    }
}
