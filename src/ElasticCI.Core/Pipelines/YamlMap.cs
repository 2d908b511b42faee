using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>
/// A mapping with YAML <c>&lt;&lt;</c> merge keys applied. YamlDotNet's representation model keeps <c>&lt;&lt;</c> as an
/// ordinary key, so merging is done here: own keys win over merged ones, and earlier merge sources win over later ones.
/// </summary>
internal sealed class YamlMap
{
    private const string MergeKey = "<<";
    private const int MaxMergeDepth = 16;

    private readonly List<YamlEntry> _entries = [];
    private readonly Dictionary<string, YamlEntry> _byKey = new(StringComparer.Ordinal);

    private YamlMap(YamlMappingNode node) => Node = node;

    public YamlMappingNode Node { get; }

    public IReadOnlyList<YamlEntry> Entries => _entries;

    public YamlEntry? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>Resolves <paramref name="node"/>; problems go to <paramref name="report"/> with the node they concern.</summary>
    public static YamlMap Resolve(YamlMappingNode node, Action<YamlNode, string> report)
    {
        var map = new YamlMap(node);
        map.AddFrom(node, report, depth: 0);
        return map;
    }

    private void AddFrom(YamlMappingNode node, Action<YamlNode, string> report, int depth)
    {
        var merged = new List<YamlMappingNode>();
        foreach (var (keyNode, value) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalar)
            {
                report(keyNode, "mapping keys must be plain strings");
                continue;
            }

            if (key == MergeKey && scalar.Style is ScalarStyle.Plain or ScalarStyle.Any)
            {
                CollectMergeSources(value, merged, report);
                continue;
            }

            Add(new YamlEntry(key, keyNode, value));
        }

        foreach (var source in merged)
        {
            if (depth >= MaxMergeDepth)
            {
                report(source, $"merge keys are nested more than {MaxMergeDepth} levels deep");
                return;
            }

            AddFrom(source, report, depth + 1);
        }
    }

    private static void CollectMergeSources(YamlNode value, List<YamlMappingNode> merged, Action<YamlNode, string> report)
    {
        switch (value)
        {
            case YamlMappingNode mapping:
                merged.Add(mapping);
                break;
            case YamlSequenceNode sequence when sequence.Children.All(c => c is YamlMappingNode):
                merged.AddRange(sequence.Children.Cast<YamlMappingNode>());
                break;
            default:
                report(value, $"merge key '<<' must be a mapping or a list of mappings, got {YamlValues.Describe(value)}");
                break;
        }
    }

    private void Add(YamlEntry entry)
    {
        if (_byKey.TryAdd(entry.Key, entry))
        {
            _entries.Add(entry);
        }
    }
}
