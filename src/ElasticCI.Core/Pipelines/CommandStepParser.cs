using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>Reads command steps: <c>command</c>/<c>commands</c> plus the attributes of the walking-skeleton subset.</summary>
internal static class CommandStepParser
{
    private const int MaxParallelism = 500;

    public static CommandStep Parse(YamlMap map, StepContext context)
    {
        var hasUnsupported = false;
        foreach (var entry in map.Entries.Where(e => !StepFields.CommandAttributes.Contains(e.Key)))
        {
            hasUnsupported |= StepFields.UnsupportedAttributes.Contains(entry.Key);
            context.ReportUnknown(entry, "command");
        }

        List<string>? commands = null;
        if (context.OnlyOne(map, "command", "commands") is { } commandEntry)
        {
            commands = YamlValues.ReadStringOrList(commandEntry.Value, commandEntry.Key, context.Report);
            if (commands is { Count: 0 })
            {
                context.Report(commandEntry.Value, $"{commandEntry.Key} must not be empty");
            }
        }
        else if (!hasUnsupported)
        {
            // A step with only unsupported attributes (say plugins) is valid Buildkite; saying so once is enough.
            context.Report(map.Node, "step must have 'command' or 'commands'");
        }

        var label = context.OnlyOne(map, "label", "name") is { } labelEntry ? YamlValues.ReadString(labelEntry.Value, labelEntry.Key, context.Report) : null;
        var key = context.OnlyOne(map, "key", "id", "identifier") is { } keyEntry ? ReadKey(keyEntry, context) : null;
        var dependsOn = map.Find("depends_on") is { } dependsEntry ? ReadDependsOn(dependsEntry.Value, context) : null;
        var env = map.Find("env") is { } envEntry ? YamlValues.ReadStringMap(envEntry.Value, "env", context.Report) : null;
        var agents = map.Find("agents") is { } agentsEntry ? YamlValues.ReadAgents(agentsEntry.Value, "agents", context.Report) : null;
        var parallelism = map.Find("parallelism") is { } parallelEntry
            ? YamlValues.ReadInt(parallelEntry.Value, "parallelism", 1, MaxParallelism, $"an integer between 1 and {MaxParallelism}", context.Report)
            : null;
        var timeout = map.Find("timeout_in_minutes") is { } timeoutEntry
            ? YamlValues.ReadInt(timeoutEntry.Value, "timeout_in_minutes", 1, int.MaxValue, "a positive integer", context.Report)
            : null;
        var softFail = map.Find("soft_fail") is { } softFailEntry ? ReadSoftFail(softFailEntry.Value, context) : SoftFail.Never;

        return new CommandStep(
            StepContext.Line(map.Node),
            StepContext.Column(map.Node),
            key,
            label,
            commands ?? [],
            env ?? [],
            agents ?? [],
            dependsOn,
            parallelism,
            timeout,
            softFail ?? SoftFail.Never);
    }

    private static string? ReadKey(YamlEntry entry, StepContext context)
    {
        var key = YamlValues.ReadString(entry.Value, entry.Key, context.Report);
        if (key is not null && StepKeyRules.Validate(key) is { } problem)
        {
            context.Report(entry.Value, problem);
        }

        return key;
    }

    /// <summary>Null/<c>~</c>/<c>[]</c> mean "explicitly none" and give an empty list; a missing attribute never gets here.</summary>
    private static List<string> ReadDependsOn(YamlNode node, StepContext context)
    {
        var keys = new List<string>();
        if (YamlValues.IsNull(node))
        {
            return keys;
        }

        if (node is YamlScalarNode)
        {
            AddDependency(node, keys, context);
            return keys;
        }

        if (node is not YamlSequenceNode sequence)
        {
            context.Report(node, $"depends_on must be a step key, a list of step keys, or null, got {YamlValues.Describe(node)}");
            return keys;
        }

        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping)
            {
                ReadDependencyMapping(mapping, keys, context);
            }
            else if (item is YamlScalarNode && !YamlValues.IsNull(item))
            {
                AddDependency(item, keys, context);
            }
            else
            {
                context.Report(item, $"depends_on entries must be step keys or {{step: key}}, got {YamlValues.Describe(item)}");
            }
        }

        return keys;
    }

    private static void ReadDependencyMapping(YamlMappingNode mapping, List<string> keys, StepContext context)
    {
        var map = YamlMap.Resolve(mapping, context.Report);
        foreach (var entry in map.Entries)
        {
            switch (entry.Key)
            {
                case "step":
                    AddDependency(entry.Value, keys, context);
                    break;
                case "allow_failure":
                    context.ReportUnsupported(entry);
                    break;
                default:
                    context.Report(entry.KeyNode, $"unknown field '{entry.Key}'");
                    break;
            }
        }

        if (map.Find("step") is null)
        {
            context.Report(mapping, "depends_on entries must have 'step'");
        }
    }

    private static void AddDependency(YamlNode node, List<string> keys, StepContext context)
    {
        var key = YamlValues.ReadString(node, "depends_on", context.Report);
        if (key == "")
        {
            context.Report(node, "depends_on keys must not be empty");
        }
        else if (key is not null)
        {
            keys.Add(key);
        }
    }

    private static SoftFail? ReadSoftFail(YamlNode node, StepContext context)
    {
        if (node is YamlScalarNode)
        {
            return YamlValues.ReadBool(node, "soft_fail", context.Report) switch
            {
                true => SoftFail.Always,
                false => SoftFail.Never,
                null => null,
            };
        }

        if (node is not YamlSequenceNode sequence)
        {
            context.Report(node, $"soft_fail must be true, false or a list of {{exit_status: N}}, got {YamlValues.Describe(node)}");
            return null;
        }

        var any = false;
        var statuses = new List<int>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                context.Report(item, $"soft_fail entries must be {{exit_status: N}}, got {YamlValues.Describe(item)}");
                continue;
            }

            var map = YamlMap.Resolve(mapping, context.Report);
            foreach (var entry in map.Entries.Where(e => e.Key != "exit_status"))
            {
                context.Report(entry.KeyNode, $"unknown field '{entry.Key}'");
            }

            if (map.Find("exit_status") is not { } status)
            {
                context.Report(mapping, "soft_fail entries must have 'exit_status'");
            }
            else if (YamlValues.AsString(status.Value) == "*")
            {
                any = true;
            }
            else if (YamlValues.ReadInt(status.Value, "exit_status", int.MinValue, int.MaxValue, "an integer or '*'", context.Report) is { } code)
            {
                statuses.Add(code);
            }
        }

        return new SoftFail(any, statuses);
    }
}
