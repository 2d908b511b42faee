using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>Conversions from YAML nodes to the plain values the pipeline model holds; failures go to a report callback.</summary>
internal static class YamlValues
{
    private const int MaxQuotedLength = 40;

    /// <summary>True for an empty value, <c>~</c> or <c>null</c> written unquoted.</summary>
    public static bool IsNull(YamlNode node)
        => node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
            && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>How a value reads in an error message: <c>'abc'</c>, <c>null</c>, <c>a mapping</c> or <c>a list</c>.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        _ when IsNull(node) => "null",
        YamlScalarNode scalar => $"'{Shorten(scalar.Value ?? "")}'",
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "an unsupported value",
    };

    /// <summary>The text of a non-null scalar, or null for anything else.</summary>
    public static string? AsString(YamlNode node) => node is YamlScalarNode scalar && !IsNull(node) ? scalar.Value ?? "" : null;

    public static string? ReadString(YamlNode node, string field, Action<YamlNode, string> report)
    {
        var value = AsString(node);
        if (value is null)
        {
            report(node, $"{field} must be a string, got {Describe(node)}");
        }

        return value;
    }

    public static bool? ReadBool(YamlNode node, string field, Action<YamlNode, string> report)
    {
        var text = AsString(node);
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        report(node, $"{field} must be true or false, got {Describe(node)}");
        return null;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="expected"/> completes "must be …".</summary>
    public static int? ReadInt(YamlNode node, string field, int min, int max, string expected, Action<YamlNode, string> report)
    {
        var text = AsString(node);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        report(node, $"{field} must be {expected}, got {Describe(node)}");
        return null;
    }

    /// <summary>A string, or a list of strings; null (with a report) for anything else.</summary>
    public static List<string>? ReadStringOrList(YamlNode node, string field, Action<YamlNode, string> report)
    {
        if (AsString(node) is { } single)
        {
            return [single];
        }

        if (node is not YamlSequenceNode sequence)
        {
            report(node, $"{field} must be a string or a list of strings, got {Describe(node)}");
            return null;
        }

        var values = new List<string>();
        var ok = true;
        foreach (var item in sequence.Children)
        {
            if (AsString(item) is { } text)
            {
                values.Add(text);
            }
            else
            {
                report(item, $"{field} entries must be strings, got {Describe(item)}");
                ok = false;
            }
        }

        return ok ? values : null;
    }

    /// <summary>A mapping of scalars (a null mapping is empty); null and empty values become "".</summary>
    public static Dictionary<string, string>? ReadStringMap(YamlNode node, string field, Action<YamlNode, string> report)
    {
        if (IsNull(node))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        if (node is not YamlMappingNode mapping)
        {
            report(node, $"{field} must be a mapping, got {Describe(node)}");
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var entry in YamlMap.Resolve(mapping, report).Entries)
        {
            if (IsNull(entry.Value))
            {
                result[entry.Key] = "";
            }
            else if (AsString(entry.Value) is { } text)
            {
                result[entry.Key] = text;
            }
            else
            {
                report(entry.Value, $"{field} value '{Shorten(entry.Key)}' must be a string, got {Describe(entry.Value)}");
                ok = false;
            }
        }

        return ok ? result : null;
    }

    /// <summary>Agent rules: a mapping of tag → value, or a list of <c>"tag=value"</c> strings.</summary>
    public static Dictionary<string, string>? ReadAgents(YamlNode node, string field, Action<YamlNode, string> report)
    {
        if (node is not YamlSequenceNode sequence)
        {
            if (node is not YamlMappingNode && !IsNull(node))
            {
                report(node, $"{field} must be a mapping or a list of 'key=value' strings, got {Describe(node)}");
                return null;
            }

            return ReadStringMap(node, field, report);
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var item in sequence.Children)
        {
            var text = AsString(item);
            var equals = text?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            if (text is null || equals <= 0)
            {
                report(item, $"{field} entries must be 'key=value' strings, got {Describe(item)}");
                ok = false;
                continue;
            }

            result[text[..equals]] = text[(equals + 1)..];
        }

        return ok ? result : null;
    }

    private static string Shorten(string text) => text.Length <= MaxQuotedLength ? text : string.Concat(text.AsSpan(0, MaxQuotedLength - 1), "…");
}
