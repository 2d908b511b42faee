using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticCI.Compute.Local.Settings;

/// <summary>
/// The parsed <c>ResourceLimits*</c> parameters of a stack (written as the original's systemd slice values). Null means
/// no limit (<c>infinity</c>). A memory percentage is kept as such: the provider knows the host's memory, Core does not.
/// </summary>
internal sealed partial record StackResourceLimits(long? MemoryMaxBytes, double? MemoryMaxPercent, int? CpuQuotaPercent, int? TasksMax)
{
    public const string Infinity = "infinity";

    /// <summary>The limits of <paramref name="stack"/>, or null with the problems added when a value cannot be read.</summary>
    public static StackResourceLimits? Parse(LocalStackSettings stack, string where, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        long? memoryBytes = null;
        double? memoryPercent = null;
        var memory = stack.ResourceLimitsMemoryMax.Trim();
        if (!IsInfinity(memory))
        {
            if (Percent(memory) is { } percent && percent is > 0 and <= 100)
            {
                memoryPercent = percent;
            }
            else if (Bytes(memory) is { } bytes && bytes >= MinimumMemoryBytes)
            {
                memoryBytes = bytes;
            }
            else
            {
                errors.Add($"{where}: ResourceLimitsMemoryMax must be a percentage (1%-100%), a size of at least 64M (bytes with an optional K, M, G or T suffix) or infinity, was '{stack.ResourceLimitsMemoryMax}'");
            }
        }
        int? cpu = null;
        var cpuText = stack.ResourceLimitsCPUQuota.Trim();
        if (!IsInfinity(cpuText))
        {
            if (Percent(cpuText) is { } percent && percent >= 1 && percent <= 100_000 && percent == Math.Floor(percent))
            {
                cpu = (int)percent;
            }
            else
            {
                errors.Add($"{where}: ResourceLimitsCPUQuota must be a whole percentage of one CPU (for example 90% or 200%) or infinity, was '{stack.ResourceLimitsCPUQuota}'");
            }
        }
        int? tasks = null;
        var tasksText = stack.ResourceLimitsTasksMax.Trim();
        if (!IsInfinity(tasksText))
        {
            if (int.TryParse(tasksText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= MinimumTasks)
            {
                tasks = value;
            }
            else
            {
                errors.Add($"{where}: ResourceLimitsTasksMax must be a whole number of at least {MinimumTasks} (the agent alone needs some dozens of threads) or infinity, was '{stack.ResourceLimitsTasksMax}'");
            }
        }
        return errors.Count == before ? new StackResourceLimits(memoryBytes, memoryPercent, cpu, tasks) : null;
    }

    /// <summary>The memory limit in bytes on a host with <paramref name="hostMemoryBytes"/>, or null for none.</summary>
    public long? MemoryLimitBytes(long hostMemoryBytes)
        => MemoryMaxBytes ?? (MemoryMaxPercent is { } percent ? (long)(hostMemoryBytes * percent / 100) : null);

    // Below these an instance cannot even start its agent: refused as a mistake rather than turned into a boot loop.
    private const long MinimumMemoryBytes = 64L * 1024 * 1024;

    private const int MinimumTasks = 32;

    private static bool IsInfinity(string text) => string.Equals(text, Infinity, StringComparison.OrdinalIgnoreCase);

    private static double? Percent(string text)
        => text.EndsWith('%') && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static long? Bytes(string text)
    {
        var match = SizePattern().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }
        var shift = match.Groups[2].Value.ToUpperInvariant() switch { "K" => 10, "M" => 20, "G" => 30, "T" => 40, _ => 0 };
        return number > long.MaxValue >> shift ? null : number << shift;
    }

    [GeneratedRegex("^([0-9]{1,19})([KMGTkmgt]?)$")]
    private static partial Regex SizePattern();
}
