namespace ElasticCI.Compute.Local.Sandbox;

/// <summary>Whether this host can run sandboxed local instances, and if not, what is missing and how to fix or opt out.</summary>
internal static class SandboxSupport
{
    /// <summary>Null when the sandbox can be set up; otherwise a message for the stack that needs it.</summary>
    public static string? Problem(string stackName)
    {
        var missing = new List<string>();
        if (SandboxNative.GetEffectiveUserId() != 0)
        {
            missing.Add("the coordinator is not running as root (it creates a Unix user per instance and drops to it)");
        }
        foreach (var (tool, package) in new[] { ("bwrap", "bubblewrap"), ("setpriv", "util-linux"), ("useradd", "passwd"), ("userdel", "passwd") })
        {
            if (Find(tool) is null)
            {
                missing.Add($"'{tool}' is not installed (Debian/Ubuntu: apt-get install {package})");
            }
        }
        if (missing.Count == 0)
        {
            return null;
        }
        return $"stack '{stackName}': Isolation: sandbox cannot be set up on this host: {string.Join("; ", missing)}. "
            + "Install what is missing and run the coordinator as root, or set 'Isolation: none' on the stack to run its jobs "
            + "as the coordinator's user, able to read everything the coordinator can (its tokens, keys and database).";
    }

    /// <summary>The full path of <paramref name="tool"/> on PATH or in the sbin directories, or null.</summary>
    public static string? Find(string tool)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "") + ":/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
