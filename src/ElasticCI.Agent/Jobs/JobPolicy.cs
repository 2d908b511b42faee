using ElasticCI.Agent.Jobs.Plugins;

namespace ElasticCI.Agent.Jobs;

/// <summary>The agent's allow-lists and switches, checked before a job runs anything (reference §3.1 step 5).</summary>
internal static class JobPolicy
{
    /// <summary>Why the job may not run on this agent, or null; <paramref name="plugins"/> are the job's parsed plugins.</summary>
    public static string? Refusal(IReadOnlyDictionary<string, string> environment, JobRunnerSettings settings, out List<PluginReference> plugins)
    {
        if (RepositoryRefusal(environment.GetValueOrDefault("BUILDKITE_REPO") ?? "", settings) is { } repository)
        {
            plugins = [];
            return repository;
        }
        if (!PluginReference.TryParseAll(environment.GetValueOrDefault("BUILDKITE_PLUGINS") ?? "", out plugins, out var error))
        {
            return error;
        }
        if (plugins.Count == 0)
        {
            return null;
        }
        if (!settings.PluginsEnabled)
        {
            return $"plugins are disabled on this agent, and the job uses {string.Join(", ", plugins.Select(p => p.Source))}";
        }
        if (!settings.CommandEval)
        {
            return $"command evaluation is off on this agent, which also disables plugins, and the job uses {string.Join(", ", plugins.Select(p => p.Source))}";
        }
        if (settings.AllowedPlugins.Count > 0)
        {
            foreach (var plugin in plugins)
            {
                // Matched against the source as written and as expanded, so both `org/name` and full-URL patterns work.
                if (!settings.AllowedPlugins.Any(pattern => pattern.IsMatch(plugin.Source) || pattern.IsMatch(plugin.Location)))
                {
                    return $"plugin {plugin.Source} ({plugin.Location}) does not match any of the allowed plugins ({string.Join(", ", settings.AllowedPlugins)})";
                }
            }
        }
        return null;
    }

    /// <summary>Why <paramref name="repository"/> may not be checked out here, or null (also null when there is none).</summary>
    public static string? RepositoryRefusal(string repository, JobRunnerSettings settings)
        => repository.Length > 0 && settings.AllowedRepositories.Count > 0 && !settings.AllowedRepositories.Any(pattern => pattern.IsMatch(repository))
            ? $"repository {repository} does not match any of the allowed repositories ({string.Join(", ", settings.AllowedRepositories)})"
            : null;
}
