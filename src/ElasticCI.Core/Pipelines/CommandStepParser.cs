namespace ElasticCI.Pipelines;

/// <summary>Reads command steps: <c>command</c>/<c>commands</c>/<c>script</c> and every command attribute.</summary>
internal static class CommandStepParser
{
    private const int MaxParallelism = 500;

    /// <param name="explicitType">True when the step said <c>type: command</c>; such a step may have no command.</param>
    public static CommandStep Parse(YamlMap map, StepContext context, bool explicitType)
    {
        context.ReportOthers(map, StepFields.CommandAttributes, "command");
        var hasUnsupported = map.Entries.Any(e => StepFields.UnsupportedAttributes.Contains(e.Key));
        var common = StepAttributes.Read(map, context, null);

        List<string>? commands = null;
        if (context.OnlyOne(map, "command", "commands", "script") is { } commandEntry)
        {
            commands = YamlValues.ReadStringOrList(commandEntry.Value, commandEntry.Key, context.Report);
            if (commands is { Count: 0 })
            {
                context.Report(commandEntry.Value, $"{commandEntry.Key} must not be empty");
            }
        }
        else if (!hasUnsupported && !explicitType && map.Find("plugins") is null)
        {
            // A step with only unsupported attributes (say cache) is valid Buildkite; saying so once is enough.
            context.Report(map.Node, "step must have 'command' or 'commands'");
        }

        var env = map.Find("env") is { } envEntry ? YamlValues.ReadStringMap(envEntry.Value, "env", context.Report) : null;
        var agents = context.OnlyOne(map, "agents", "agent_query_rules") is { } agentsEntry
            ? YamlValues.ReadAgents(agentsEntry.Value, agentsEntry.Key, context.Report)
            : null;
        var parallelism = map.Find("parallelism") is { } parallelEntry
            ? YamlValues.ReadInt(parallelEntry.Value, "parallelism", 1, MaxParallelism, $"an integer between 1 and {MaxParallelism}", context.Report)
            : null;
        var timeout = context.OnlyOne(map, "timeout_in_minutes", "timeout") is { } timeoutEntry
            ? YamlValues.ReadInt(timeoutEntry.Value, timeoutEntry.Key, 1, int.MaxValue, "a positive integer", context.Report)
            : null;
        var softFail = map.Find("soft_fail") is { } softFailEntry ? StepAttributes.ReadSoftFail(softFailEntry.Value, context) : SoftFail.Never;
        var matrix = map.Find("matrix") is { } matrixEntry ? MatrixParser.Parse(matrixEntry.Value, context) : null;
        if (matrix is not null)
        {
            MatrixParser.CheckTokens(matrix, [.. commands ?? [], common.Label ?? ""], map.Find("matrix")!.KeyNode, context);
        }

        var options = new CommandOptions(
            map.Find("retry") is { } retryEntry ? RetryParser.Parse(retryEntry.Value, context) : null,
            ReadConcurrency(map, context),
            map.Find("priority") is { } priorityEntry
                ? YamlValues.ReadInt(priorityEntry.Value, "priority", int.MinValue, int.MaxValue, "an integer", context.Report)
                : null,
            context.OnlyOne(map, "artifact_paths", "artifacts") is { } artifactsEntry ? ReadArtifactPaths(artifactsEntry, context) : [],
            map.Find("plugins") is { } pluginsEntry ? PluginParser.Parse(pluginsEntry.Value, context) : [],
            matrix,
            map.Find("cancel_on_build_failing") is { } cancelEntry && (YamlValues.ReadBool(cancelEntry.Value, cancelEntry.Key, context.Report) ?? false),
            map.Find("signature") is { } signatureEntry ? YamlRaw.ToJson(signatureEntry.Value, "signature", context.Report) : null);

        return new CommandStep(
            StepContext.Line(map.Node),
            StepContext.Column(map.Node),
            common.Key,
            common.Label,
            commands ?? [],
            env ?? [],
            agents ?? [],
            common.DependsOn?.Select(d => d.Key).ToList(),
            parallelism,
            timeout,
            softFail ?? SoftFail.Never)
        {
            Common = common,
            Options = options,
        };
    }

    private static List<string> ReadArtifactPaths(YamlEntry entry, StepContext context)
        => YamlValues.ReadStringOrList(entry.Value, entry.Key, context.Report)
            ?.SelectMany(p => p.Split(';'))
            .Select(p => p.Trim())
            .Where(p => p.Length > 0)
            .ToList() ?? [];

    private static ConcurrencyLimit? ReadConcurrency(YamlMap map, StepContext context)
    {
        var limitEntry = map.Find("concurrency");
        var groupEntry = map.Find("concurrency_group");
        var methodEntry = map.Find("concurrency_method");
        var limit = limitEntry is null ? null : YamlValues.ReadInt(limitEntry.Value, "concurrency", 1, int.MaxValue, "a positive integer", context.Report);
        var group = groupEntry is null ? null : YamlValues.ReadString(groupEntry.Value, "concurrency_group", context.Report);
        if (group == "")
        {
            context.Report(groupEntry!.Value, "concurrency_group must not be empty");
        }

        var method = ConcurrencyMethod.Ordered;
        if (methodEntry is not null)
        {
            switch (YamlValues.AsString(methodEntry.Value))
            {
                case "ordered":
                    break;
                case "eager":
                    method = ConcurrencyMethod.Eager;
                    break;
                default:
                    context.Report(methodEntry.Value, $"concurrency_method must be 'ordered' or 'eager', got {YamlValues.Describe(methodEntry.Value)}");
                    break;
            }
        }

        if (limitEntry is not null && groupEntry is null)
        {
            context.Report(limitEntry.KeyNode, "concurrency requires concurrency_group");
        }
        else if (groupEntry is not null && limitEntry is null)
        {
            context.Report(groupEntry.KeyNode, "concurrency_group requires concurrency");
        }
        else if (methodEntry is not null && limitEntry is null)
        {
            context.Report(methodEntry.KeyNode, "concurrency_method requires concurrency and concurrency_group");
        }

        return limit is { } l && !string.IsNullOrEmpty(group) ? new ConcurrencyLimit(l, group, method) : null;
    }
}
