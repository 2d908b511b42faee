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

    private readonly List<YamlEntry> _entries = [];
    private readonly Dictionary<string, YamlEntry> _byKey = new(StringComparer.Ordinal);

    // A source merged once has already contributed every key it can; visiting it again (through repeated aliases) would
    // only cost time, exponentially so for crafted documents, or loop forever on a cycle.
    private readonly HashSet<YamlMappingNode> _visited = new(ReferenceEqualityComparer.Instance);

    private YamlMap(YamlMappingNode node) => Node = node;

    public YamlMappingNode Node { get; }

    public IReadOnlyList<YamlEntry> Entries => _entries;

    public YamlEntry? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>A map of already-resolved entries (first one of a key wins), located at <paramref name="node"/>.</summary>
    public static YamlMap FromEntries(YamlMappingNode node, IEnumerable<YamlEntry> entries)
    {
        var map = new YamlMap(node);
        foreach (var entry in entries)
        {
            map.Add(entry);
        }

        return map;
    }

    /// <summary>Resolves <paramref name="node"/>; problems go to <paramref name="report"/> with the node they concern.</summary>
    public static YamlMap Resolve(YamlMappingNode node, Action<YamlNode, string> report)
    {
        // Depth-first pre-order over the merge graph gives YAML's precedence (own keys, then each source in turn with
        // its own sources), and an explicit stack keeps long alias chains from exhausting the call stack.
        var map = new YamlMap(node);
        var pending = new Stack<YamlMappingNode>();
        pending.Push(node);
        while (pending.TryPop(out var current))
        {
            if (!map._visited.Add(current))
            {
                continue;
            }

            var sources = map.AddOwnEntries(current, report);
            for (var i = sources.Count - 1; i >= 0; i--)
            {
                pending.Push(sources[i]);
            }
        }

        return map;
    }

    /// <summary>Adds the node's own keys and returns its merge sources in precedence order.</summary>
    private List<YamlMappingNode> AddOwnEntries(YamlMappingNode node, Action<YamlNode, string> report)
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

        return merged;
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
