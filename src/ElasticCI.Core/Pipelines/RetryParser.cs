using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>Reads <c>retry: {automatic, manual}</c>.</summary>
internal static class RetryParser
{
    private static readonly HashSet<string> SignalReasons = new(StringComparer.Ordinal)
    {
        "*", "none", "cancel", "agent_stop", "agent_refused", "agent_incompatible", "process_run_error", "signature_rejected", "stack_error",
    };

    public static RetryPolicy? Parse(YamlNode node, StepContext context)
    {
        if (YamlValues.IsNull(node))
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            context.Report(node, $"retry must be a mapping with 'automatic' and/or 'manual', got {YamlValues.Describe(node)}");
            return null;
        }

        var map = YamlMap.Resolve(mapping, context.Report);
        foreach (var entry in map.Entries.Where(e => e.Key is not ("automatic" or "manual")))
        {
            context.Report(entry.KeyNode, $"unknown field '{entry.Key}'");
        }

        var automatic = map.Find("automatic") is { } a ? ReadAutomatic(a.Value, context) : [];
        var manual = map.Find("manual") is { } m ? ReadManual(m.Value, context) : ManualRetry.Default;
        return new RetryPolicy(automatic, manual);
    }

    private static List<AutomaticRetryRule> ReadAutomatic(YamlNode node, StepContext context)
    {
        switch (node)
        {
            case YamlScalarNode:
                return YamlValues.ReadBool(node, "retry.automatic", context.Report) == true
                    ? [new AutomaticRetryRule(null, null, null, AutomaticRetryRule.DefaultLimit)]
                    : [];
            case YamlMappingNode rule:
                return ReadRule(rule, context) is { } one ? [one] : [];
            case YamlSequenceNode rules:
                var result = new List<AutomaticRetryRule>();
                foreach (var item in rules.Children)
                {
                    if (item is YamlMappingNode itemMapping && ReadRule(itemMapping, context) is { } parsed)
                    {
                        result.Add(parsed);
                    }
                    else if (item is not YamlMappingNode)
                    {
                        context.Report(item, $"retry.automatic entries must be mappings, got {YamlValues.Describe(item)}");
                    }
                }

                return result;
            default:
                context.Report(node, $"retry.automatic must be true, false, a rule or a list of rules, got {YamlValues.Describe(node)}");
                return [];
        }
    }

    private static AutomaticRetryRule? ReadRule(YamlMappingNode mapping, StepContext context)
    {
        var map = YamlMap.Resolve(mapping, context.Report);
        foreach (var entry in map.Entries.Where(e => e.Key is not ("exit_status" or "signal" or "signal_reason" or "limit")))
        {
            context.Report(entry.KeyNode, $"unknown field '{entry.Key}'");
        }

        List<int>? statuses = null;
        if (map.Find("exit_status") is { } status && YamlValues.AsString(status.Value) != "*")
        {
            statuses = [];
            IEnumerable<YamlNode> items = status.Value is YamlSequenceNode list ? list.Children : [status.Value];
            foreach (var item in items)
            {
                if (YamlValues.ReadInt(item, "exit_status", int.MinValue, int.MaxValue, "an integer, a list of integers or '*'", context.Report) is { } code)
                {
                    statuses.Add(code);
                }
            }
        }

        var signal = map.Find("signal") is { } s ? YamlValues.ReadString(s.Value, "signal", context.Report) : null;
        var reason = map.Find("signal_reason") is { } r ? YamlValues.ReadString(r.Value, "signal_reason", context.Report) : null;
        if (reason is not null && !SignalReasons.Contains(reason))
        {
            context.Report(map.Find("signal_reason")!.Value, $"signal_reason must be one of {string.Join(", ", SignalReasons.Order(StringComparer.Ordinal))}, got '{reason}'");
        }

        var limit = map.Find("limit") is { } l
            ? YamlValues.ReadInt(l.Value, "limit", 0, AutomaticRetryRule.MaxLimit, $"an integer between 0 and {AutomaticRetryRule.MaxLimit}", context.Report)
            : AutomaticRetryRule.DefaultLimit;
        return new AutomaticRetryRule(statuses, signal, reason, limit ?? AutomaticRetryRule.DefaultLimit);
    }

    private static ManualRetry ReadManual(YamlNode node, StepContext context)
    {
        if (node is YamlScalarNode)
        {
            return ManualRetry.Default with { Allowed = YamlValues.ReadBool(node, "retry.manual", context.Report) ?? true };
        }

        if (node is not YamlMappingNode mapping)
        {
            context.Report(node, $"retry.manual must be true, false or a mapping, got {YamlValues.Describe(node)}");
            return ManualRetry.Default;
        }

        var map = YamlMap.Resolve(mapping, context.Report);
        foreach (var entry in map.Entries.Where(e => e.Key is not ("allowed" or "permit_on_passed" or "reason")))
        {
            context.Report(entry.KeyNode, $"unknown field '{entry.Key}'");
        }

        return new ManualRetry(
            map.Find("allowed") is not { } allowed || (YamlValues.ReadBool(allowed.Value, "allowed", context.Report) ?? true),
            map.Find("permit_on_passed") is not { } permit || (YamlValues.ReadBool(permit.Value, "permit_on_passed", context.Report) ?? true),
            map.Find("reason") is { } reason ? YamlValues.ReadString(reason.Value, "reason", context.Report) : null);
    }
}
