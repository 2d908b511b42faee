using ElasticCI.Pipelines.Conditionals;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>Reads the attributes several step types share: key, label, depends_on, if, branches, skip, soft_fail…</summary>
internal static class StepAttributes
{
    public const int MaxSkipReasonLength = 70;

    /// <summary>The shared attributes; <paramref name="title"/> is the label given as the type key's value (<c>block: "Deploy?"</c>).</summary>
    public static StepCommon Read(YamlMap map, StepContext context, string? title)
    {
        var key = context.OnlyOne(map, "key", "id", "identifier") is { } keyEntry ? ReadKey(keyEntry, context) : null;
        var label = context.OnlyOne(map, "label", "name") is { } labelEntry ? YamlValues.ReadString(labelEntry.Value, labelEntry.Key, context.Report) : null;
        var ifEntry = map.Find("if");
        var branchesEntry = map.Find("branches");
        if (ifEntry is not null && branchesEntry is not null)
        {
            context.Report(branchesEntry.KeyNode, "step cannot have both 'if' and 'branches'; use one");
        }

        return new StepCommon(
            key,
            label ?? title,
            map.Find("depends_on") is { } dependsEntry ? ReadDependsOn(dependsEntry.Value, context) : null,
            map.Find("allow_dependency_failure") is { } adf && (YamlValues.ReadBool(adf.Value, adf.Key, context.Report) ?? false),
            ifEntry is null ? null : ReadIf(ifEntry.Value, context),
            branchesEntry is null ? null : ReadBranches(branchesEntry.Value, context),
            map.Find("skip") is { } skipEntry ? ReadSkip(skipEntry.Value, context) : null,
            map.Find("if_changed") is { } changed ? ReadIfChanged(changed, context) : null,
            map.Find("notify") is { } notify ? ReadNotify(notify.Value, context) : null);
    }

    private static System.Text.Json.Nodes.JsonNode? ReadIfChanged(YamlEntry entry, StepContext context)
    {
        var value = YamlRaw.ToJson(entry.Value, entry.Key, context.Report);
        if (IfChangedMatcher.Check(value) is { } problem)
        {
            context.Report(entry.Value, problem);
        }

        return value;
    }

    public static System.Text.Json.Nodes.JsonNode? ReadNotify(YamlNode node, StepContext context)
    {
        if (node is not YamlSequenceNode && !YamlValues.IsNull(node))
        {
            context.Report(node, $"notify must be a list, got {YamlValues.Describe(node)}");
            return null;
        }

        return YamlRaw.ToJson(node, "notify", context.Report);
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

    private static string? ReadIf(YamlNode node, StepContext context)
    {
        var text = YamlValues.ReadString(node, "if", context.Report);
        if (text is not null && IfExpression.TryParse(text, out var error) is null)
        {
            context.Report(node, error!.ToString());
        }

        return text;
    }

    private static List<string>? ReadBranches(YamlNode node, StepContext context)
        => YamlValues.ReadStringOrList(node, "branches", context.Report)
            ?.SelectMany(b => b.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .ToList();

    /// <summary>Null when not skipped; "" for <c>skip: true</c>; otherwise the reason.</summary>
    public static string? ReadSkip(YamlNode node, StepContext context)
    {
        var text = YamlValues.AsString(node);
        if (text is null)
        {
            context.Report(node, $"skip must be true, false or a reason, got {YamlValues.Describe(node)}");
            return null;
        }

        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return "";
        }

        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (text.Length > MaxSkipReasonLength)
        {
            context.Report(node, $"skip reason must be at most {MaxSkipReasonLength} characters, got {text.Length}");
        }

        return text;
    }

    /// <summary>Null/<c>~</c>/<c>[]</c> mean "explicitly none" and give an empty list; a missing attribute never gets here.</summary>
    private static List<StepDependency> ReadDependsOn(YamlNode node, StepContext context)
    {
        var keys = new List<StepDependency>();
        if (YamlValues.IsNull(node))
        {
            return keys;
        }

        if (node is YamlScalarNode)
        {
            AddDependency(node, false, keys, context);
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
                AddDependency(item, false, keys, context);
            }
            else
            {
                context.Report(item, $"depends_on entries must be step keys or {{step: key}}, got {YamlValues.Describe(item)}");
            }
        }

        return keys;
    }

    private static void ReadDependencyMapping(YamlMappingNode mapping, List<StepDependency> keys, StepContext context)
    {
        var map = YamlMap.Resolve(mapping, context.Report);
        foreach (var entry in map.Entries.Where(e => e.Key is not ("step" or "allow_failure")))
        {
            context.Report(entry.KeyNode, $"unknown field '{entry.Key}'");
        }

        var allowFailure = map.Find("allow_failure") is { } allow && (YamlValues.ReadBool(allow.Value, allow.Key, context.Report) ?? false);
        if (map.Find("step") is { } step)
        {
            AddDependency(step.Value, allowFailure, keys, context);
        }
        else
        {
            context.Report(mapping, "depends_on entries must have 'step'");
        }
    }

    private static void AddDependency(YamlNode node, bool allowFailure, List<StepDependency> keys, StepContext context)
    {
        var key = YamlValues.ReadString(node, "depends_on", context.Report);
        if (key == "")
        {
            context.Report(node, "depends_on keys must not be empty");
        }
        else if (key is not null)
        {
            keys.Add(new StepDependency(key, allowFailure));
        }
    }

    public static SoftFail? ReadSoftFail(YamlNode node, StepContext context)
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
