using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>Reads <c>plugins</c>: a list of <c>{source: config}</c> maps or bare sources, or the deprecated map form.</summary>
internal static class PluginParser
{
    public static List<PluginSpec> Parse(YamlNode node, StepContext context)
    {
        var plugins = new List<PluginSpec>();
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var entry in YamlMap.Resolve(mapping, context.Report).Entries)
                {
                    Add(entry, plugins, context);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    if (YamlValues.AsString(item) is { } source)
                    {
                        AddSource(item, source, null, plugins, context);
                    }
                    else if (item is YamlMappingNode itemMapping && YamlMap.Resolve(itemMapping, context.Report).Entries is { Count: 1 } entries)
                    {
                        Add(entries[0], plugins, context);
                    }
                    else
                    {
                        context.Report(item, $"plugins entries must be a plugin name or a mapping with one plugin, got {YamlValues.Describe(item)}");
                    }
                }

                break;
            default:
                if (!YamlValues.IsNull(node))
                {
                    context.Report(node, $"plugins must be a list, got {YamlValues.Describe(node)}");
                }

                break;
        }

        return plugins;
    }

    private static void Add(YamlEntry entry, List<PluginSpec> plugins, StepContext context)
        => AddSource(entry.KeyNode, entry.Key, YamlRaw.ToJson(entry.Value, $"plugin '{entry.Key}'", context.Report), plugins, context);

    private static void AddSource(YamlNode at, string source, System.Text.Json.Nodes.JsonNode? config, List<PluginSpec> plugins, StepContext context)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            context.Report(at, "plugin source must not be empty");
            return;
        }

        plugins.Add(new PluginSpec(source, config));
    }
}
