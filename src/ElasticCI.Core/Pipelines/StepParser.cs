using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>
/// Reads one entry of <c>steps</c>: decides its type (bare string, <c>type:</c>, or a type key such as <c>block:</c>),
/// unwraps the nested form (<c>- command: {command: …}</c>), then hands over to the parser for that type.
/// </summary>
internal static class StepParser
{
    /// <summary>The step, or null when it has errors (all of which are recorded).</summary>
    public static PipelineStep? Parse(YamlNode node, PipelineErrorCollector errors, bool inGroup)
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
                var step = ParseMapping(map, context, inGroup);
                return errors.Count == before && pending.Count == 0 ? step : null;
            default:
                errors.Add(node, null, $"step must be a mapping, 'wait', 'block' or 'input', got {YamlValues.Describe(node)}");
                return null;
        }
    }

    private static PipelineStep? ParseBareString(YamlNode node, string text, PipelineErrorCollector errors)
    {
        var (line, column) = (StepContext.Line(node), StepContext.Column(node));
        switch (text)
        {
            case "wait" or "waiter":
                return new WaitStep(line, column, ContinueOnFailure: false);
            case "block" or "input":
                return new BlockStep(line, column, text == "input", null, [], BlockedState.Passed);
            default:
                errors.Add(node, null, $"step must be a mapping, 'wait', 'block' or 'input', got {YamlValues.Describe(node)}");
                return null;
        }
    }

    /// <summary>The name errors are reported under: the key if it is a usable string, else the label.</summary>
    private static string? NameOf(YamlMap map)
    {
        string? First(params string[] keys) => keys
            .Select(k => map.Find(k) is { } entry ? YamlValues.AsString(entry.Value) : null)
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));

        return First("key", "id", "identifier") ?? First("label", "name", "wait", "waiter", "block", "input", "group", "trigger");
    }

    private static PipelineStep? ParseMapping(YamlMap map, StepContext context, bool inGroup)
    {
        var (kind, marker) = KindOf(map, context);
        if (kind == StepKind.None)
        {
            return null;
        }

        if (kind == StepKind.Group && inGroup)
        {
            context.Report(map.Node, "groups cannot be nested: a group's steps must not contain another group");
            return null;
        }

        // The nested form keeps the attributes in a mapping under the type key; flatten it into the step's own.
        var attributes = map;
        string? title = null;
        if (marker?.Value is YamlMappingNode nested)
        {
            var inner = YamlMap.Resolve(nested, context.Report).Entries;
            attributes = YamlMap.FromEntries(map.Node, inner.Concat(map.Entries.Where(e => e != marker)));
        }
        else if (marker is not null && kind != StepKind.Command)
        {
            if (marker.Value is YamlSequenceNode)
            {
                context.Report(marker.Value, $"{marker.Key} must be null, a label or a mapping, got a list");
                return null;
            }

            title = YamlValues.AsString(marker.Value);
        }

        return kind switch
        {
            StepKind.Command => CommandStepParser.Parse(attributes, context, explicitType: map.Find("type") is not null),
            StepKind.Wait => ParseWait(map, attributes, context, title),
            StepKind.Block or StepKind.Input => BlockStepParser.Parse(attributes, context, kind == StepKind.Input, title),
            StepKind.Trigger => TriggerStepParser.Parse(attributes, context, title),
            _ => ParseGroup(attributes, context, title),
        };
    }

    private static (StepKind Kind, YamlEntry? Marker) KindOf(YamlMap map, StepContext context)
    {
        var markers = map.Entries.Where(e => StepFields.TypeMarkers.Contains(e.Key)).ToList();
        if (map.Find("type") is { } typeEntry)
        {
            var type = YamlValues.AsString(typeEntry.Value);
            var kind = type switch
            {
                "command" or "commands" or "script" => StepKind.Command,
                "wait" or "waiter" => StepKind.Wait,
                "block" => StepKind.Block,
                "input" => StepKind.Input,
                "trigger" => StepKind.Trigger,
                "group" => StepKind.Group,
                _ => StepKind.None,
            };
            if (kind == StepKind.None)
            {
                context.Report(typeEntry.Value, $"type must be one of 'command', 'script', 'wait', 'block', 'input', 'trigger', 'group', got {YamlValues.Describe(typeEntry.Value)}");
            }

            return (kind, markers.FirstOrDefault(m => KindOfMarker(m.Key) == kind));
        }

        var kinds = markers.Select(m => KindOfMarker(m.Key)).Distinct().ToList();
        if (kinds.Count > 1)
        {
            var second = markers.First(m => KindOfMarker(m.Key) != KindOfMarker(markers[0].Key));
            context.Report(map.Node, $"step cannot have both '{markers[0].Key}' and '{second.Key}'");
            return (StepKind.None, null);
        }

        return kinds.Count == 0 ? (StepKind.Command, null) : (kinds[0], markers[0]);
    }

    private static StepKind KindOfMarker(string key) => key switch
    {
        "command" or "commands" or "script" => StepKind.Command,
        "wait" or "waiter" => StepKind.Wait,
        "block" => StepKind.Block,
        "input" => StepKind.Input,
        "trigger" => StepKind.Trigger,
        _ => StepKind.Group,
    };

    private static WaitStep ParseWait(YamlMap map, YamlMap attributes, StepContext context, string? title)
    {
        context.OnlyOne(map, "wait", "waiter");
        context.ReportOthers(attributes, StepFields.WaitAttributes, "wait");
        var common = StepAttributes.Read(attributes, context, title);
        var continueOnFailure = attributes.Find("continue_on_failure") is { } entry
            && (YamlValues.ReadBool(entry.Value, entry.Key, context.Report) ?? false);
        return new WaitStep(StepContext.Line(map.Node), StepContext.Column(map.Node), continueOnFailure) { Common = common };
    }

    private static GroupStep? ParseGroup(YamlMap map, StepContext context, string? title)
    {
        context.ReportOthers(map, StepFields.GroupAttributes, "group");
        var common = StepAttributes.Read(map, context, title);
        var steps = new List<PipelineStep>();
        if (map.Find("steps") is not { } stepsEntry)
        {
            context.Report(map.Node, "group must have 'steps'");
            return null;
        }

        if (stepsEntry.Value is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            context.Report(stepsEntry.Value, $"group steps must be a non-empty list, got {YamlValues.Describe(stepsEntry.Value)}");
            return null;
        }

        foreach (var child in sequence.Children)
        {
            if (Parse(child, context.Errors, inGroup: true) is { } step)
            {
                steps.Add(step);
            }
        }

        return new GroupStep(StepContext.Line(map.Node), StepContext.Column(map.Node), steps) { Common = common };
    }
}
