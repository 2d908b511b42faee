using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>Reads one entry of <c>steps</c>: decides its type, then reads a wait step here or a command step in <see cref="CommandStepParser"/>.</summary>
internal static class StepParser
{
    /// <summary>The step, or null when it has errors (all of which are recorded).</summary>
    public static PipelineStep? Parse(YamlNode node, PipelineErrorCollector errors)
    {
        switch (node)
        {
            case YamlScalarNode when YamlValues.AsString(node) is { } text:
                return ParseBareString(node, text, errors);
            case YamlMappingNode mapping:
                var pending = new List<(YamlNode Node, string Message)>();
                var map = YamlMap.Resolve(mapping, (n, m) => pending.Add((n, m)));
                var context = new StepContext(errors, NameOf(map));
                foreach (var (at, message) in pending)
                {
                    context.Report(at, message);
                }

                var before = errors.Count;
                var step = ParseMapping(map, context);
                return errors.Count == before && pending.Count == 0 ? step : null;
            default:
                errors.Add(node, null, $"step must be a mapping or 'wait', got {YamlValues.Describe(node)}");
                return null;
        }
    }

    private static WaitStep? ParseBareString(YamlNode node, string text, PipelineErrorCollector errors)
    {
        if (StepFields.WaitMarkers.Contains(text))
        {
            return new WaitStep(StepContext.Line(node), StepContext.Column(node), ContinueOnFailure: false);
        }

        var message = StepFields.UnsupportedTypes.Contains(text)
            ? $"not supported yet: {text} step at line {StepContext.Line(node)}"
            : $"step must be a mapping or 'wait', got {YamlValues.Describe(node)}";
        errors.Add(node, null, message);
        return null;
    }

    /// <summary>The name errors are reported under: the key if it is a usable string, else the label.</summary>
    private static string? NameOf(YamlMap map)
    {
        string? First(params string[] keys) => keys
            .Select(k => map.Find(k) is { } entry ? YamlValues.AsString(entry.Value) : null)
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));

        return First("key", "id", "identifier") ?? First("label", "name", "wait", "waiter");
    }

    private static PipelineStep? ParseMapping(YamlMap map, StepContext context)
    {
        var kind = KindOf(map, context);
        return kind switch
        {
            StepKind.Command => CommandStepParser.Parse(map, context),
            StepKind.Wait => ParseWait(map, context),
            _ => null,
        };
    }

    private static StepKind KindOf(YamlMap map, StepContext context)
    {
        if (map.Find("type") is { } typeEntry)
        {
            var type = YamlValues.AsString(typeEntry.Value);
            switch (type)
            {
                case "command" or "commands":
                    return StepKind.Command;
                case "wait" or "waiter":
                    return StepKind.Wait;
                case not null when StepFields.UnsupportedTypes.Contains(type):
                    context.Report(typeEntry.Value, $"not supported yet: {type} step at line {StepContext.Line(typeEntry.Value)}");
                    return StepKind.None;
                default:
                    context.Report(typeEntry.Value, $"type must be 'command' or 'wait', got {YamlValues.Describe(typeEntry.Value)}");
                    return StepKind.None;
            }
        }

        if (map.Entries.FirstOrDefault(e => StepFields.UnsupportedTypes.Contains(e.Key)) is { } unsupported)
        {
            context.Report(unsupported.KeyNode, $"not supported yet: {unsupported.Key} step at line {StepContext.Line(unsupported.KeyNode)}");
            return StepKind.None;
        }

        var command = map.Entries.FirstOrDefault(e => StepFields.CommandMarkers.Contains(e.Key));
        var wait = map.Entries.FirstOrDefault(e => StepFields.WaitMarkers.Contains(e.Key));
        if (command is not null && wait is not null)
        {
            context.Report(map.Node, $"step cannot have both '{command.Key}' and '{wait.Key}'");
            return StepKind.None;
        }

        return wait is not null ? StepKind.Wait : StepKind.Command;
    }

    private static WaitStep? ParseWait(YamlMap map, StepContext context)
    {
        var attributes = new List<YamlEntry>();
        foreach (var entry in map.Entries)
        {
            if (!StepFields.WaitMarkers.Contains(entry.Key))
            {
                attributes.Add(entry);
                continue;
            }

            switch (entry.Value)
            {
                case YamlMappingNode nested:
                    attributes.AddRange(YamlMap.Resolve(nested, context.Report).Entries);
                    break;
                case YamlSequenceNode:
                    context.Report(entry.Value, $"{entry.Key} must be null, a label or a mapping, got a list");
                    break;
            }
        }

        context.OnlyOne(map, "wait", "waiter");
        context.OnlyOne(map, "label", "name");
        var continueOnFailure = false;
        foreach (var entry in attributes)
        {
            switch (entry.Key)
            {
                case "type":
                    break;
                case "continue_on_failure":
                    continueOnFailure = YamlValues.ReadBool(entry.Value, entry.Key, context.Report) ?? false;
                    break;
                case "label" or "name":
                    YamlValues.ReadString(entry.Value, entry.Key, context.Report);
                    break;
                case "key" or "id" or "identifier" or "depends_on":
                    context.ReportUnsupported(entry);
                    break;
                default:
                    context.ReportUnknown(entry, "wait");
                    break;
            }
        }

        return new WaitStep(StepContext.Line(map.Node), StepContext.Column(map.Node), continueOnFailure);
    }

    private enum StepKind
    {
        None,
        Command,
        Wait,
    }
}
