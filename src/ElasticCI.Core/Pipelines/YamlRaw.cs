using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>
/// Converts YAML that is kept "as written" (plugin config, notify, if_changed) to JSON nodes. Plain scalars become
/// booleans, numbers or null as YAML 1.2 core reads them; quoted scalars stay strings; merge keys are applied.
/// </summary>
internal static class YamlRaw
{
    /// <summary>Aliases can make a small document expand enormously; past this many nodes the value is rejected.</summary>
    public const int MaxNodes = 10_000;

    public static JsonNode? ToJson(YamlNode node, string field, Action<YamlNode, string> report)
    {
        var budget = MaxNodes;
        var result = Convert(node, ref budget, report);
        if (budget < 0)
        {
            report(node, $"{field} expands to more than {MaxNodes} values");
            return null;
        }

        return result;
    }

    private static JsonNode? Convert(YamlNode node, ref int budget, Action<YamlNode, string> report)
    {
        if (--budget < 0)
        {
            return null;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var entry in YamlMap.Resolve(mapping, report).Entries)
                {
                    obj[entry.Key] = Convert(entry.Value, ref budget, report);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, ref budget, report));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        if (YamlValues.IsNull(scalar))
        {
            return null;
        }

        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (text.Any(char.IsDigit)
            && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var real)
            && double.IsFinite(real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }
}
