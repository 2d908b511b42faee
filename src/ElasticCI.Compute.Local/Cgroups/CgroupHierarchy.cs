namespace ElasticCI.Compute.Local.Cgroups;

/// <summary>
/// Where this process sits in a cgroup v1 controller's hierarchy: the controller's mount (from /proc/self/mountinfo)
/// joined with our own path in it (from /proc/self/cgroup). Instances get child cgroups there, so the limits nest
/// under whatever limits the coordinator itself runs with.
/// </summary>
internal static class CgroupHierarchy
{
    /// <summary>The directory of this process's cgroup for a v1 <paramref name="controller"/>, or null when that controller is not mounted as v1.</summary>
    public static string? OwnDirectory(string controller)
    {
        try
        {
            return OwnDirectory(controller, File.ReadAllLines("/proc/self/mountinfo"), File.ReadAllLines("/proc/self/cgroup"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The same from the two files' lines (a pure function, so the parsing is testable).</summary>
    internal static string? OwnDirectory(string controller, IEnumerable<string> mountInfo, IEnumerable<string> cgroups)
    {
        string? mountPoint = null;
        string? mountRoot = null;
        foreach (var line in mountInfo)
        {
            // "<id> <parent> <major:minor> <root> <mount point> <options> [optional...] - <fstype> <source> <super options>"
            var halves = line.Split(" - ", 2);
            if (halves.Length != 2)
            {
                continue;
            }
            var before = halves[0].Split(' ');
            var after = halves[1].Split(' ');
            if (before.Length >= 5 && after.Length >= 3 && after[0] == "cgroup" && after[2].Split(',').Contains(controller, StringComparer.Ordinal))
            {
                mountRoot = before[3];
                mountPoint = before[4];
                break;
            }
        }
        if (mountPoint is null || mountRoot is null)
        {
            return null;
        }
        foreach (var line in cgroups)
        {
            // "<hierarchy id>:<controllers>:<path>"; v2 has an empty controller list and is not what we look for.
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Split(',').Contains(controller, StringComparer.Ordinal))
            {
                var path = parts[2];
                // Inside a container the mount's root is our own cgroup (or an ancestor): only the rest is below the mount point.
                if (mountRoot != "/" && path.StartsWith(mountRoot, StringComparison.Ordinal))
                {
                    path = path[mountRoot.Length..];
                }
                return Path.Join(mountPoint, path.TrimStart('/')).TrimEnd('/');
            }
        }
        return null;
    }
}
