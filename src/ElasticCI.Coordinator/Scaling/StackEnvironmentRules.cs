using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>Checks that need the coordinator's host (files), made at start-up and before every apply.</summary>
internal static class StackEnvironmentRules
{
    public static void Check(IReadOnlyList<StackDefinition> stacks, string source, List<string> errors)
    {
        foreach (var stack in stacks.Where(s => s.MetricsSource == StackMetricsSources.Buildkite && s.BuildkiteAgentTokenFile is not null))
        {
            if (!File.Exists(stack.BuildkiteAgentTokenFile))
            {
                errors.Add($"{source}: stack '{stack.Name}': BuildkiteAgentTokenFile '{stack.BuildkiteAgentTokenFile}' does not exist");
            }
        }
    }
}
