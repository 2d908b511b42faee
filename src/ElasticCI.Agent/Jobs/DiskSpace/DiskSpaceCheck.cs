using System.Globalization;

namespace ElasticCI.Agent.Jobs.DiskSpace;

/// <summary>
/// The check before each job (the original's <c>bk-check-disk-space.sh</c>): the build path's filesystem needs
/// <see cref="MinFreeBytes"/> free bytes and <see cref="MinFreeInodes"/> free inodes. When short, this agent's
/// other build directories go first, oldest first, re-measuring after each; then the verdict.
/// </summary>
internal sealed class DiskSpaceCheck(IDiskSpaceProbe probe, long minFreeBytes, long minFreeInodes)
{
    public long MinFreeBytes => minFreeBytes;

    public long MinFreeInodes => minFreeInodes;

    /// <summary>Null when there is enough space (possibly after cleaning); otherwise why not. <paramref name="removed"/> lists what was cleaned.</summary>
    /// <param name="agentBuildPath">This agent's own build directory (<c>&lt;build-path&gt;/&lt;agent&gt;</c>).</param>
    /// <param name="inUse">The directory the coming job checks out into; never removed.</param>
    public string? Check(string agentBuildPath, string inUse, List<string> removed)
    {
        var measured = Measure(agentBuildPath);
        if (Shortage(measured) is null)
        {
            return null;
        }
        var candidates = Directory.Exists(agentBuildPath)
            ? new DirectoryInfo(agentBuildPath).EnumerateDirectories()
                .Where(d => !SamePath(d.FullName, inUse))
                .OrderBy(d => d.LastWriteTimeUtc)
                .ToList()
            : [];
        foreach (var directory in candidates)
        {
            try
            {
                directory.Delete(recursive: true);
                removed.Add(directory.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another process may hold it; the next one may still free enough.
                continue;
            }
            measured = Measure(agentBuildPath);
            if (Shortage(measured) is null)
            {
                return null;
            }
        }
        return Shortage(measured);
    }

    private DiskSpaceReading Measure(string agentBuildPath)
    {
        // The agent's directory may not exist yet; its nearest existing ancestor is on the same filesystem.
        var path = agentBuildPath;
        while (!Directory.Exists(path) && Path.GetDirectoryName(path) is { } parent)
        {
            path = parent;
        }
        return probe.Measure(path);
    }

    private string? Shortage(DiskSpaceReading reading)
    {
        var problems = new List<string>();
        if (reading.FreeBytes < minFreeBytes)
        {
            problems.Add($"free space {Bytes(reading.FreeBytes)} < required {Bytes(minFreeBytes)}");
        }
        if (reading.FreeInodes < minFreeInodes)
        {
            problems.Add($"free inodes {reading.FreeInodes.ToString(CultureInfo.InvariantCulture)} < required {minFreeInodes.ToString(CultureInfo.InvariantCulture)}");
        }
        return problems.Count == 0 ? null : "not enough disk on the build path: " + string.Join(", ", problems);
    }

    private static string Bytes(long bytes)
        => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes ({bytes / 1024.0 / 1024 / 1024:0.##} GiB)");

    private static bool SamePath(string a, string b)
        => string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
