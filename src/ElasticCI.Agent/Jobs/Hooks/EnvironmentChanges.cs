namespace ElasticCI.Agent.Jobs.Hooks;

/// <summary>Applies the difference between two environment dumps of a hook to the job's environment.</summary>
internal static class EnvironmentChanges
{
    // Set by bash itself, not by the hook; the working directory travels separately.
    private static readonly HashSet<string> ShellOwned = new(StringComparer.Ordinal) { "_", "SHLVL", "PWD", "OLDPWD" };

    /// <summary>Agent-owned settings a job may not redirect (reference §3.4).</summary>
    internal static readonly HashSet<string> Protected = new(StringComparer.Ordinal)
    {
        "BUILDKITE_AGENT_ACCESS_TOKEN",
        "BUILDKITE_AGENT_ENDPOINT",
        "BUILDKITE_AGENT_ID",
        "BUILDKITE_AGENT_NAME",
        "BUILDKITE_BUILD_PATH",
        "BUILDKITE_COMMAND_EVAL",
        "BUILDKITE_HOOKS_PATH",
        "BUILDKITE_PLUGINS_PATH",
        "BUILDKITE_PLUGINS_ENABLED",
        "BUILDKITE_GIT_MIRRORS_PATH",
        "BUILDKITE_JOB_ID",
        "BUILDKITE_BUILD_ID",
        "BUILDKITE_BIN_PATH",
        "BUILDKITE_AGENT_JOB_API_SOCKET",
        "BUILDKITE_AGENT_JOB_API_TOKEN",
    };

    /// <summary>Adds, changes and removes in <paramref name="environment"/> what changed from <paramref name="before"/> to <paramref name="after"/>; returns the protected names it refused.</summary>
    public static List<string> Apply(Dictionary<string, string> environment, Dictionary<string, string> before, Dictionary<string, string> after)
    {
        var refused = new List<string>();
        foreach (var (name, value) in after)
        {
            if (!ShellOwned.Contains(name) && (!before.TryGetValue(name, out var old) || old != value))
            {
                if (Protected.Contains(name))
                {
                    refused.Add(name);
                    continue;
                }
                environment[name] = value;
            }
        }
        foreach (var name in before.Keys)
        {
            if (!ShellOwned.Contains(name) && !after.ContainsKey(name))
            {
                if (Protected.Contains(name))
                {
                    refused.Add(name);
                    continue;
                }
                environment.Remove(name);
            }
        }
        return refused;
    }
}
