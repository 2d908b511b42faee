using System.Globalization;
using ElasticCI.Scaling;

namespace ElasticCI.Stacks;

/// <summary>The checks single stack parameters share (ranges, URL and cron formats, time zones); each adds its problem, none stops the others.</summary>
internal static class StackChecks
{
    private static readonly string[] UrlSchemes = ["s3", "ssm", "https", "http", "file"];

    public static Action<StackDefinition, string, List<string>> NotNegative(string name, Func<StackDefinition, double> value)
        => (stack, where, errors) =>
        {
            if (value(stack) < 0)
            {
                errors.Add($"{where}: {name} must be 0 or more, was {value(stack).ToString(CultureInfo.InvariantCulture)}");
            }
        };

    public static Action<StackDefinition, string, List<string>> AtLeastOneSecond(string name, Func<StackDefinition, TimeSpan> value)
        => (stack, where, errors) =>
        {
            if (value(stack) <= TimeSpan.Zero)
            {
                errors.Add($"{where}: {name} must be at least 1 second, was {value(stack).TotalSeconds:0}");
            }
        };

    /// <summary>An absolute path or a URL of a scheme some provider can fetch; which schemes a provider supports is its own check.</summary>
    public static Action<StackDefinition, string, List<string>> Url(string name, Func<StackDefinition, string?> value)
        => (stack, where, errors) =>
        {
            if (value(stack) is not { } url || Path.IsPathFullyQualified(url))
            {
                return;
            }
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !UrlSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{where}: {name} '{url}' must be an absolute path or a {string.Join("/", UrlSchemes)} URL");
            }
        };

    /// <summary>The agent's <c>--plugin-mirror</c> rules: each entry FROM=TO, or one absolute directory or URL.</summary>
    public static void PluginMirror(StackDefinition stack, string where, List<string> errors)
    {
        var catchAll = 0;
        foreach (var entry in (stack.PluginMirror ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0 ? entry[..equals].Trim().Length == 0 || entry[(equals + 1)..].Trim().Length == 0
                : !entry.Contains("://", StringComparison.Ordinal) && !Path.IsPathFullyQualified(entry))
            {
                errors.Add($"{where}: PluginMirror entry '{entry}' must be FROM=TO, an absolute directory or a URL");
            }
            else if (equals < 0 && ++catchAll == 2)
            {
                errors.Add($"{where}: PluginMirror has more than one directory or URL entry; use FROM=TO for the others");
            }
        }
    }

    public static Action<StackDefinition, string, List<string>> Cron(string name, Func<StackDefinition, string> value)
        => (stack, where, errors) =>
        {
            if (!ScheduledMinSize.TryParseCron(value(stack), out _))
            {
                errors.Add($"{where}: {name} '{value(stack)}' is not a five-field cron expression (minute hour day-of-month month day-of-week)");
            }
        };

    public static void TimeZone(StackDefinition stack, string where, List<string> errors)
    {
        if (!ScheduledMinSize.TryFindTimeZone(stack.ScheduleTimezone, out _))
        {
            errors.Add($"{where}: ScheduleTimezone '{stack.ScheduleTimezone}' is not a known IANA time zone (e.g. UTC, Europe/Berlin)");
        }
    }

    /// <summary>A scheduled MinSize; only checked when scheduling is on, so a MaxSize of 0 does not trip over the default ScaleUpMinSize of 1.</summary>
    public static Action<StackDefinition, string, List<string>> ScheduledSize(string name, Func<StackDefinition, int> value)
        => (stack, where, errors) =>
        {
            if (stack.EnableScheduledScaling && (value(stack) < 0 || value(stack) > stack.Scaling.MaxSize))
            {
                errors.Add($"{where}: {name} must be between 0 and MaxSize ({stack.Scaling.MaxSize}), was {value(stack)}");
            }
        };
}
