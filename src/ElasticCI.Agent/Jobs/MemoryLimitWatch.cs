using System.Globalization;

namespace ElasticCI.Agent.Jobs;

/// <summary>
/// Tells whether the instance's memory limit killed a process while a job ran: the local provider puts the instance in a
/// cgroup v1 memory group and names its directory; the group's <c>memory.oom_control</c> counts the kernel's kills.
/// Without a group (no limits, or another provider) it says nothing.
/// </summary>
internal sealed class MemoryLimitWatch
{
    private readonly string? _directory;
    private readonly long _killsBefore;

    private MemoryLimitWatch(string? directory)
    {
        _directory = directory;
        _killsBefore = Kills(directory) ?? 0;
    }

    /// <summary>Starts watching before a job's first process; <paramref name="directory"/> null watches nothing.</summary>
    public static MemoryLimitWatch Start(string? directory) => new(string.IsNullOrEmpty(directory) ? null : directory);

    /// <summary>The log line saying the limit was hit, or null when no process was killed for memory since <see cref="Start"/>.</summary>
    public string? Report()
    {
        if (Kills(_directory) is not { } kills || kills <= _killsBefore)
        {
            return null;
        }
        var limit = ReadNumber(Path.Combine(_directory!, "memory.limit_in_bytes"));
        var shown = limit is { } bytes ? $"{bytes / (1024 * 1024)} MiB" : "unknown";
        return $"^^^ +++\nThe job hit the instance's memory limit (ResourceLimitsMemoryMax: {shown}): "
            + $"the kernel killed {kills - _killsBefore} process(es) of this instance for memory.\n";
    }

    private static long? Kills(string? directory)
    {
        if (directory is null)
        {
            return null;
        }
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(directory, "memory.oom_control")))
            {
                // "oom_kill 3" (kernels since 4.13)
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal)
                    && long.TryParse(line["oom_kill ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No group to read (removed, or not visible here): nothing to report.
        }
        return null;
    }

    private static long? ReadNumber(string file)
    {
        try
        {
            return long.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
