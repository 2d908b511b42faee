using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>Reads <c>block</c> and <c>input</c> steps: prompt, fields, blocked_state.</summary>
internal static class BlockStepParser
{
    public static BlockStep Parse(YamlMap map, StepContext context, bool isInput, string? title)
    {
        var stepType = isInput ? "input" : "block";
        context.ReportOthers(map, isInput ? StepFields.InputAttributes : StepFields.BlockAttributes, stepType);
        var common = StepAttributes.Read(map, context, title);
        var prompt = map.Find("prompt") is { } promptEntry ? YamlValues.ReadString(promptEntry.Value, "prompt", context.Report) : null;
        var fields = map.Find("fields") is { } fieldsEntry ? ReadFields(fieldsEntry.Value, context) : [];
        var state = BlockedState.Passed;
        if (!isInput && map.Find("blocked_state") is { } stateEntry)
        {
            state = YamlValues.AsString(stateEntry.Value) switch
            {
                "passed" => BlockedState.Passed,
                "failed" => BlockedState.Failed,
                "running" => BlockedState.Running,
                _ => Invalid(stateEntry.Value, context),
            };
        }

        if (map.Find("allowed_teams") is { } teams)
        {
            // Kept for compatibility; ElasticCI has no teams, so anyone who may unblock a build may unblock this step.
            YamlValues.ReadStringOrList(teams.Value, "allowed_teams", context.Report);
        }

        return new BlockStep(StepContext.Line(map.Node), StepContext.Column(map.Node), isInput, prompt, fields, state) { Common = common };
    }

    private static BlockedState Invalid(YamlNode node, StepContext context)
    {
        context.Report(node, $"blocked_state must be 'passed', 'failed' or 'running', got {YamlValues.Describe(node)}");
        return BlockedState.Passed;
    }

    private static List<BlockField> ReadFields(YamlNode node, StepContext context)
    {
        var fields = new List<BlockField>();
        if (YamlValues.IsNull(node))
        {
            return fields;
        }

        if (node is not YamlSequenceNode sequence)
        {
            context.Report(node, $"fields must be a list, got {YamlValues.Describe(node)}");
            return fields;
        }

        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                context.Report(item, $"fields entries must be mappings with 'text' or 'select', got {YamlValues.Describe(item)}");
                continue;
            }

            // Keys may repeat (Buildkite's own examples reuse one key for a text and a select field); the last value wins.
            if (ReadField(YamlMap.Resolve(mapping, context.Report), context) is { } field)
            {
                fields.Add(field);
            }
        }

        return fields;
    }

    private static BlockField? ReadField(YamlMap map, StepContext context)
    {
        var text = map.Find("text");
        var select = map.Find("select");
        if ((text is null) == (select is null))
        {
            context.Report(map.Node, "fields entries must have exactly one of 'text' and 'select'");
            return null;
        }

        var isSelect = select is not null;
        HashSet<string> allowed = isSelect
            ? ["select", "key", "hint", "required", "default", "options", "multiple"]
            : ["text", "key", "hint", "required", "default", "format"];
        foreach (var entry in map.Entries.Where(e => !allowed.Contains(e.Key)))
        {
            context.Report(entry.KeyNode, $"unknown field '{entry.Key}'");
        }

        var label = YamlValues.ReadString((select ?? text)!.Value, isSelect ? "select" : "text", context.Report) ?? "";
        var key = map.Find("key") is { } keyEntry ? YamlValues.ReadString(keyEntry.Value, "key", context.Report) : null;
        if (key is null || key.Length == 0)
        {
            context.Report(map.Node, "fields entries must have a non-empty 'key'");
            return null;
        }

        var hint = map.Find("hint") is { } hintEntry ? YamlValues.ReadString(hintEntry.Value, "hint", context.Report) : null;
        var required = map.Find("required") is not { } req || (YamlValues.ReadBool(req.Value, "required", context.Report) ?? true);
        var multiple = map.Find("multiple") is { } mul && (YamlValues.ReadBool(mul.Value, "multiple", context.Report) ?? false);
        var defaults = map.Find("default") is { } def ? ReadDefault(def.Value, multiple, context) : [];
        string? format = null;
        if (map.Find("format") is { } formatEntry && YamlValues.ReadString(formatEntry.Value, "format", context.Report) is { } pattern)
        {
            format = pattern;
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException ex)
            {
                context.Report(formatEntry.Value, $"format is not a valid regular expression: {ex.Message}");
            }
        }

        var options = isSelect ? ReadOptions(map, context) : [];
        foreach (var value in defaults.Where(d => isSelect && options.Count > 0 && options.All(o => o.Value != d)))
        {
            context.Report(map.Find("default")!.Value, $"default '{value}' is not one of the options");
        }

        return new BlockField(isSelect, key, label, hint, required, defaults, format, multiple, options);
    }

    private static List<string> ReadDefault(YamlNode node, bool multiple, StepContext context)
    {
        if (node is YamlSequenceNode && !multiple)
        {
            context.Report(node, "default may be a list only when 'multiple' is true");
            return [];
        }

        return YamlValues.ReadStringOrList(node, "default", context.Report) ?? [];
    }

    private static List<SelectOption> ReadOptions(YamlMap map, StepContext context)
    {
        var options = new List<SelectOption>();
        if (map.Find("options") is not { Value: YamlSequenceNode { Children.Count: > 0 } sequence })
        {
            context.Report(map.Node, "select fields must have a non-empty 'options' list");
            return options;
        }

        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                context.Report(item, $"options entries must be mappings with 'label' and 'value', got {YamlValues.Describe(item)}");
                continue;
            }

            var option = YamlMap.Resolve(mapping, context.Report);
            foreach (var entry in option.Entries.Where(e => e.Key is not ("label" or "value" or "hint" or "required")))
            {
                context.Report(entry.KeyNode, $"unknown field '{entry.Key}'");
            }

            var label = option.Find("label") is { } l ? YamlValues.ReadString(l.Value, "label", context.Report) : null;
            var value = option.Find("value") is { } v ? YamlValues.ReadString(v.Value, "value", context.Report) : null;
            if (label is null || value is null)
            {
                context.Report(mapping, "options entries must have 'label' and 'value'");
                continue;
            }

            options.Add(new SelectOption(label, value));
        }

        return options;
    }
}
