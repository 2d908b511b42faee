using Cronos;
using ElasticCI.Stacks;

namespace ElasticCI.Scaling;

/// <summary>
/// Scheduled scaling (the original's two ASG scheduled actions): the stack's effective MinSize is ScaleUpMinSize from
/// each ScaleUpSchedule fire time and ScaleDownMinSize from each ScaleDownSchedule fire time, whichever fired last;
/// before either has fired (within a year) it is the stack's MinSize. Only MinSize changes; the policy still owns desired.
/// </summary>
internal static class ScheduledMinSize
{
    // Neither schedule firing in a year means "never fired": keep the configured MinSize.
    private static readonly TimeSpan LookBack = TimeSpan.FromDays(366);

    /// <summary>The MinSize in force at <paramref name="now"/>, and why (empty when scheduled scaling is off).</summary>
    public static (int MinSize, string Reason) Effective(StackDefinition stack, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stack);
        if (!stack.EnableScheduledScaling
            || !TryParseCron(stack.ScaleUpSchedule, out var up)
            || !TryParseCron(stack.ScaleDownSchedule, out var down)
            || !TryFindTimeZone(stack.ScheduleTimezone, out var zone))
        {
            return (stack.Scaling.MinSize, "");
        }
        var lastUp = Previous(up, now, zone);
        var lastDown = Previous(down, now, zone);
        if (lastUp is null && lastDown is null)
        {
            return (stack.Scaling.MinSize, $"no schedule fired in the last year → MinSize {stack.Scaling.MinSize}");
        }
        // At a tie the scale-down wins, so a misconfigured pair errs towards fewer instances.
        return lastUp is { } u && (lastDown is not { } d || u > d)
            ? (stack.ScaleUpMinSize, $"ScaleUpSchedule '{stack.ScaleUpSchedule}' fired {Local(u, zone)} → MinSize {stack.ScaleUpMinSize}")
            : (stack.ScaleDownMinSize, $"ScaleDownSchedule '{stack.ScaleDownSchedule}' fired {Local(lastDown!.Value, zone)} → MinSize {stack.ScaleDownMinSize}");
    }

    /// <summary>Parses a five-field cron expression (minute hour day-of-month month day-of-week), as the original's schedules.</summary>
    public static bool TryParseCron(string text, out CronExpression expression)
        => CronExpression.TryParse(text, CronFormat.Standard, out expression!);

    /// <summary>Finds an IANA (or Windows) time zone id.</summary>
    public static bool TryFindTimeZone(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!);
    }

    private static DateTimeOffset? Previous(CronExpression cron, DateTimeOffset now, TimeZoneInfo zone)
    {
        // Inclusive: at the fire time itself the new MinSize already applies.
        var previous = cron.GetPreviousOccurrence(now, zone, inclusive: true);
        return previous is { } p && now - p <= LookBack ? p : null;
    }

    private static string Local(DateTimeOffset at, TimeZoneInfo zone)
        => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
}
