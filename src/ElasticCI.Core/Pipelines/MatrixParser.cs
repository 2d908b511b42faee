using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>Reads <c>matrix</c>: a list of values, or <c>{setup, adjustments}</c>, enforcing Buildkite's limits.</summary>
internal static partial class MatrixParser
{
    public static MatrixSpec? Parse(YamlNode node, StepContext context)
    {
        if (node is YamlSequenceNode list)
        {
            return ReadDimension("", list, context) is { } single ? new MatrixSpec([single], []) : null;
        }

        if (node is not YamlMappingNode mapping)
        {
            context.Report(node, $"matrix must be a list of values or a mapping with 'setup', got {YamlValues.Describe(node)}");
            return null;
        }

        var map = YamlMap.Resolve(mapping, context.Report);
        foreach (var entry in map.Entries.Where(e => e.Key is not ("setup" or "adjustments")))
        {
            context.Report(entry.KeyNode, $"unknown field '{entry.Key}'");
        }

        if (map.Find("setup") is not { } setup)
        {
            context.Report(mapping, "matrix must have 'setup'");
            return null;
        }

        var dimensions = ReadSetup(setup.Value, context);
        if (dimensions is null)
        {
            return null;
        }

        var adjustments = map.Find("adjustments") is { } adj ? ReadAdjustments(adj.Value, dimensions, context) : [];
        return new MatrixSpec(dimensions, adjustments);
    }

    /// <summary>Reports <c>{{matrix…}}</c> tokens in <paramref name="texts"/> that name no dimension.</summary>
    public static void CheckTokens(MatrixSpec matrix, IEnumerable<string> texts, YamlNode at, StepContext context)
    {
        var names = matrix.Dimensions.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in texts.SelectMany(MatrixTokens.Names).Distinct().Where(n => !names.Contains(n)))
        {
            var token = name == "" ? "{{matrix}}" : $"{{{{matrix.{name}}}}}";
            var expected = names.Contains("") ? "{{matrix}}" : string.Join(", ", names.Order(StringComparer.Ordinal).Select(n => $"{{{{matrix.{n}}}}}"));
            context.Report(at, $"unknown matrix token {token}; this matrix has {expected}");
        }
    }

    private static List<MatrixDimension>? ReadSetup(YamlNode node, StepContext context)
    {
        if (node is YamlSequenceNode list)
        {
            return ReadDimension("", list, context) is { } single ? [single] : null;
        }

        if (node is not YamlMappingNode mapping)
        {
            context.Report(node, $"matrix setup must be a list of values or a mapping of dimensions, got {YamlValues.Describe(node)}");
            return null;
        }

        var entries = YamlMap.Resolve(mapping, context.Report).Entries;
        if (entries.Count is 0 or > MatrixSpec.MaxDimensions)
        {
            context.Report(node, $"matrix setup must have 1 to {MatrixSpec.MaxDimensions} dimensions, got {entries.Count}");
            return null;
        }

        var dimensions = new List<MatrixDimension>();
        foreach (var entry in entries)
        {
            if (!DimensionName().IsMatch(entry.Key))
            {
                context.Report(entry.KeyNode, $"matrix dimension '{entry.Key}' may only contain letters, digits and _");
            }
            else if (entry.Value is not YamlSequenceNode values)
            {
                context.Report(entry.Value, $"matrix dimension '{entry.Key}' must be a list of values, got {YamlValues.Describe(entry.Value)}");
            }
            else if (ReadDimension(entry.Key, values, context) is { } dimension)
            {
                dimensions.Add(dimension);
            }
        }

        return dimensions.Count == entries.Count ? dimensions : null;
    }

    private static MatrixDimension? ReadDimension(string name, YamlSequenceNode list, StepContext context)
    {
        var label = name == "" ? "matrix" : $"matrix dimension '{name}'";
        if (list.Children.Count is 0 or > MatrixSpec.MaxValuesPerDimension)
        {
            context.Report(list, $"{label} must have 1 to {MatrixSpec.MaxValuesPerDimension} values, got {list.Children.Count}");
            return null;
        }

        var values = new List<string>();
        foreach (var item in list.Children)
        {
            if (ReadValue(item, label, context) is { } value)
            {
                values.Add(value);
            }
        }

        return values.Count == list.Children.Count ? new MatrixDimension(name, values) : null;
    }

    private static string? ReadValue(YamlNode node, string label, StepContext context)
    {
        var value = YamlValues.AsString(node);
        if (value is null)
        {
            context.Report(node, $"{label} values must be strings, numbers or booleans, got {YamlValues.Describe(node)}");
        }
        else if (Encoding.UTF8.GetByteCount(value) > MatrixSpec.MaxValueBytes)
        {
            context.Report(node, $"{label} values must be at most {MatrixSpec.MaxValueBytes} bytes");
            return null;
        }

        return value;
    }

    private static List<MatrixAdjustment> ReadAdjustments(YamlNode node, List<MatrixDimension> dimensions, StepContext context)
    {
        var result = new List<MatrixAdjustment>();
        if (node is not YamlSequenceNode list)
        {
            context.Report(node, $"matrix adjustments must be a list, got {YamlValues.Describe(node)}");
            return result;
        }

        if (list.Children.Count > MatrixSpec.MaxAdjustments)
        {
            context.Report(list, $"matrix may have at most {MatrixSpec.MaxAdjustments} adjustments, got {list.Children.Count}");
            return result;
        }

        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                context.Report(item, $"matrix adjustments must be mappings with 'with', got {YamlValues.Describe(item)}");
                continue;
            }

            var map = YamlMap.Resolve(mapping, context.Report);
            foreach (var entry in map.Entries.Where(e => e.Key is not ("with" or "skip" or "soft_fail")))
            {
                context.Report(entry.KeyNode, $"unknown field '{entry.Key}'");
            }

            if (map.Find("with") is not { } with)
            {
                context.Report(mapping, "matrix adjustments must have 'with'");
                continue;
            }

            var combination = ReadWith(with.Value, dimensions, context);
            var skip = map.Find("skip") is { } s ? StepAttributes.ReadSkip(s.Value, context) : null;
            var softFail = map.Find("soft_fail") is { } f ? StepAttributes.ReadSoftFail(f.Value, context) : null;
            if (combination is not null)
            {
                result.Add(new MatrixAdjustment(combination, skip, softFail));
            }
        }

        return result;
    }

    private static Dictionary<string, string>? ReadWith(YamlNode node, List<MatrixDimension> dimensions, StepContext context)
    {
        var single = dimensions is [{ Name: "" }];
        if (single)
        {
            var items = node is YamlSequenceNode { Children.Count: 1 } one ? one.Children[0] : node;
            return ReadValue(items, "matrix adjustment", context) is { } value
                ? new Dictionary<string, string>(StringComparer.Ordinal) { [""] = value }
                : null;
        }

        if (node is not YamlMappingNode mapping)
        {
            context.Report(node, $"matrix adjustment 'with' must map every dimension to a value, got {YamlValues.Describe(node)}");
            return null;
        }

        var combination = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in YamlMap.Resolve(mapping, context.Report).Entries)
        {
            if (dimensions.All(d => d.Name != entry.Key))
            {
                context.Report(entry.KeyNode, $"matrix adjustment names unknown dimension '{entry.Key}'");
            }
            else if (ReadValue(entry.Value, $"matrix dimension '{entry.Key}'", context) is { } value)
            {
                combination[entry.Key] = value;
            }
        }

        var missing = dimensions.Select(d => d.Name).Where(n => !combination.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            context.Report(node, $"matrix adjustment must give every dimension; missing {string.Join(", ", missing)}");
            return null;
        }

        return combination;
    }

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex DimensionName();
}
