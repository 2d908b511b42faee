using ElasticCI.Scaling;

namespace ElasticCI.Stacks;

/// <summary>Range and format checks of the scaling, agent and schedule parameters; each problem is added, none stops the others.</summary>
internal static class StackParameterRules
{
    private static readonly string[] UrlSchemes = ["s3", "ssm", "https", "http", "file"];

    public static void Check(StackDefinition stack, string where, List<string> errors)
    {
        if (!StackPolicies.All.Contains(stack.Policy, StringComparer.Ordinal))
        {
            errors.Add($"{where}: Policy '{stack.Policy}' is not known (known: {string.Join(", ", StackPolicies.All)})");
        }
        if (!StackIsolation.All.Contains(stack.Isolation, StringComparer.Ordinal))
        {
            errors.Add($"{where}: Isolation '{stack.Isolation}' is not known (known: {string.Join(", ", StackIsolation.All)})");
        }
        NotNegative(stack.Scaling.ScaleOutFactor, "ScaleOutFactor", where, errors);
        NotNegative(stack.Scaling.ScaleInFactor, "ScaleInFactor", where, errors);
        NotNegative(stack.Scaling.AvailabilityThreshold, "AvailabilityThreshold", where, errors);
        NotNegative(stack.Scaling.ScaleOutCooldownPeriod.TotalSeconds, "ScaleOutCooldownPeriod", where, errors);
        NotNegative(stack.Scaling.ScaleInCooldownPeriod.TotalSeconds, "ScaleInCooldownPeriod", where, errors);
        NotNegative(stack.Scaling.InstanceBuffer, "InstanceBuffer", where, errors);
        NotNegative(stack.Scaling.MaxInstanceCap, "MaxInstanceCap", where, errors);
        NotNegative(stack.BuildkiteAgentDisconnectAfterUptime.TotalSeconds, "BuildkiteAgentDisconnectAfterUptime", where, errors);
        if (stack.InstanceCreationTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{where}: InstanceCreationTimeout must be at least 1 second, was {stack.InstanceCreationTimeout.TotalSeconds:0}");
        }
        if (stack.OnDemandPercentage is < 0 or > 100)
        {
            errors.Add($"{where}: OnDemandPercentage must be between 0 and 100, was {stack.OnDemandPercentage}");
        }
        Url(stack.BootstrapScriptUrl, "BootstrapScriptUrl", where, errors);
        Url(stack.AgentEnvFileUrl, "AgentEnvFileUrl", where, errors);
        Cron(stack.ScaleUpSchedule, "ScaleUpSchedule", where, errors);
        Cron(stack.ScaleDownSchedule, "ScaleDownSchedule", where, errors);
        if (!ScheduledMinSize.TryFindTimeZone(stack.ScheduleTimezone, out _))
        {
            errors.Add($"{where}: ScheduleTimezone '{stack.ScheduleTimezone}' is not a known IANA time zone (e.g. UTC, Europe/Berlin)");
        }
        StackSecretsRules.Check(stack, where, errors);
        if (stack.EnableScheduledScaling)
        {
            // Only checked when in use: a MaxSize of 0 with scheduling off must not trip over the default ScaleUpMinSize of 1.
            ScheduledSize(stack.ScaleUpMinSize, "ScaleUpMinSize", stack, where, errors);
            ScheduledSize(stack.ScaleDownMinSize, "ScaleDownMinSize", stack, where, errors);
        }
    }

    private static void NotNegative(double value, string name, string where, List<string> errors)
    {
        if (value < 0)
        {
            errors.Add($"{where}: {name} must be 0 or more, was {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
    }

    private static void Url(string? value, string name, string where, List<string> errors)
    {
        if (value is null || Path.IsPathFullyQualified(value))
        {
            return;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !UrlSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{where}: {name} '{value}' must be an absolute path or a {string.Join("/", UrlSchemes)} URL");
        }
    }

    private static void Cron(string value, string name, string where, List<string> errors)
    {
        if (!ScheduledMinSize.TryParseCron(value, out _))
        {
            errors.Add($"{where}: {name} '{value}' is not a five-field cron expression (minute hour day-of-month month day-of-week)");
        }
    }

    private static void ScheduledSize(int value, string name, StackDefinition stack, string where, List<string> errors)
    {
        if (value < 0 || value > stack.Scaling.MaxSize)
        {
            errors.Add($"{where}: {name} must be between 0 and MaxSize ({stack.Scaling.MaxSize}), was {value}");
        }
    }
}
