namespace ElasticCI.Agents;

/// <summary>Whether an agent's tags satisfy a job's <c>agents</c> rules (Buildkite: every rule must match; <c>*</c> = tag present).</summary>
internal static class AgentTargeting
{
    public static bool Matches(IReadOnlyDictionary<string, string> rules, IReadOnlyDictionary<string, string> tags)
    {
        foreach (var (key, expected) in rules)
        {
            if (!tags.TryGetValue(key, out var actual))
            {
                return false;
            }
            if (expected is not ("*" or "") && !string.Equals(expected, actual, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
