using ElasticCI.Agent.Jobs.Hooks;

namespace ElasticCI.Agent.Jobs.Plugins;

/// <summary>Clones a plugin once per source and version under the plugins path, shared by every agent on the instance.</summary>
internal static class PluginInstaller
{
    // Runs under flock, so concurrent jobs (in this or another agent process) wait for the first clone instead of racing
    // it; the clone goes to a temporary name first so a killed clone is never taken for a finished one.
    // A directory mirror is usually another user's (root's): git refuses to read such a repository ("dubious ownership")
    // unless the global config trusts it, so the clone gets a global config of its own that includes the user's and
    // trusts exactly that one repository.
    private const string Script = """
        if [ -d "$1" ]; then exit 0; fi
        rm -rf -- "$1.tmp"
        if [ "$4" = local ]; then
          trap 'rm -f -- "$1.gitconfig"' EXIT
          global=${GIT_CONFIG_GLOBAL:-${HOME:-/nonexistent}/.gitconfig}
          { if [ -f "$global" ]; then printf '[include]\n\tpath = %s\n' "$global"; fi; printf '[safe]\n\tdirectory = %s\n' "$2"; } > "$1.gitconfig"
          export GIT_CONFIG_GLOBAL="$1.gitconfig"
        fi
        git clone -v -- "$2" "$1.tmp"
        if [ -n "$3" ]; then git -C "$1.tmp" checkout -f "$3"; fi
        mv -- "$1.tmp" "$1"
        """;

    /// <summary>Lock wait before giving up, as for git mirrors.</summary>
    private const int LockTimeoutSeconds = 300;

    /// <summary>Makes the plugin's checkout available; returns its directory, or null after writing why into the log.</summary>
    public static async Task<string?> InstallAsync(JobContext context, PluginReference plugin, string pluginsPath, PluginMirror? mirror = null)
    {
        var source = mirror?.Resolve(plugin.Location) ?? new MirroredLocation(plugin.Location, Mirrored: false, Missing: null);
        if (source.Missing is not null)
        {
            await context.PrintAsync($"^^^ +++\nPlugin {plugin.Source} is not in the plugin mirror: {source.Missing}\n");
            return null;
        }
        // The mirrored location names the cache directory, so a mirror and the public source never share a checkout.
        plugin = plugin with { Location = source.Location };
        Directory.CreateDirectory(pluginsPath);
        var directory = Path.Combine(pluginsPath, plugin.Id);
        var status = await context.RunAsync(
            ["flock", "-w", LockTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), directory + ".lock",
             "/bin/bash", "-e", "-c", Script, "plugin", directory, plugin.Location, plugin.Version ?? "",
             source.Mirrored && Path.IsPathFullyQualified(plugin.Location) ? "local" : ""],
            source.Mirrored ? $"~~~ Preparing plugin {plugin.Source} from the plugin mirror {plugin.Location}\n" : $"~~~ Preparing plugin {plugin.Source}\n",
            workingDirectory: pluginsPath);
        if (status != 0)
        {
            var from = source.Mirrored ? "the plugin mirror " + plugin.Location : plugin.Location;
            await context.PrintAsync($"^^^ +++\nCould not check out plugin {plugin.Source} from {from} (exit status {status})\n");
            return null;
        }
        return await CheckHooksAsync(context, plugin, directory);
    }

    /// <summary>A vendored plugin is a directory in the checkout; it may not point outside it.</summary>
    public static async Task<string?> LocateVendoredAsync(JobContext context, PluginReference plugin, string checkoutRoot)
    {
        var directory = Path.GetFullPath(Path.Combine(checkoutRoot, plugin.Location));
        if (!IsInside(directory, checkoutRoot) || !Directory.Exists(directory))
        {
            await context.PrintAsync($"^^^ +++\nVendored plugin {plugin.Source} is not a directory inside the checkout\n");
            return null;
        }
        return await CheckHooksAsync(context, plugin, directory);
    }

    private static async Task<string?> CheckHooksAsync(JobContext context, PluginReference plugin, string directory)
    {
        if (!Directory.Exists(Path.Combine(directory, "hooks")))
        {
            await context.PrintAsync($"^^^ +++\nPlugin {plugin.Source} has no hooks directory\n");
            return null;
        }
        return directory;
    }

    internal static bool IsInside(string path, string root)
    {
        var full = Path.GetFullPath(path);
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>The plugin's hook for <paramref name="phase"/>, if it has one.</summary>
    public static Hook? FindHook(PluginReference plugin, string directory, string phase)
    {
        var path = Path.Combine(directory, "hooks", phase);
        return File.Exists(path) ? new Hook(phase, $"plugin {plugin.Name.ToLowerInvariant()}", path, plugin.Environment()) : null;
    }
}
