using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>
/// Loads the YAML representation model, after a streaming pre-check that rejects shapes the model cannot handle safely:
/// deep nesting (the loader recurses), aliases to an enclosing node (cycles), and non-scalar keys (hashed deeply).
/// </summary>
internal static class YamlDocumentLoader
{
    internal const int MaxDepth = 64;

    /// <summary>Returns each document's root node (empty documents left out), or an empty list after recording why there is none.</summary>
    public static IReadOnlyList<YamlNode> Load(string yaml, PipelineErrorCollector errors)
    {
        try
        {
            if (!PreCheck(yaml, errors))
            {
                return [];
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            var roots = stream.Documents.Select(d => d.RootNode).Where(r => r is not null && !YamlValues.IsNull(r)).ToList();
            if (roots.Count == 0)
            {
                var first = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
                errors.Add(first?.Start ?? Mark.Empty, null, "pipeline is empty; expected a mapping with 'steps'");
            }

            return roots;
        }
        catch (YamlException ex)
        {
            errors.Add(ex.Start, null, $"invalid YAML: {ex.Message}");
            return [];
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // PreCheck already turns these into errors; this only guards a loader that fails where the parser did not.
            errors.Add(Mark.Empty, null, $"invalid YAML: {ex.Message}");
            return [];
        }
    }

    private static bool PreCheck(string yaml, PipelineErrorCollector errors)
    {
        var parser = new Parser(new StringReader(yaml));
        var last = Mark.Empty;
        try
        {
            return PreCheck(parser, errors, ref last);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // YamlDotNet 18 throws InvalidOperationException for some malformed flow collections (e.g. a block "- item"
            // inside an unclosed "[..."); the best position we have is the end of the last event that parsed.
            errors.Add(last, null, "invalid YAML: cannot parse the content after this point");
            return false;
        }
    }

    private static bool PreCheck(Parser parser, PipelineErrorCollector errors, ref Mark last)
    {
        var frames = new Stack<Frame>();
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            last = current.End;
            if (current is MappingEnd or SequenceEnd)
            {
                frames.Pop();
                AfterNode(frames);
                continue;
            }

            if (current is not (NodeEvent or AnchorAlias))
            {
                continue;
            }

            if (frames.TryPeek(out var parent) && parent.IsMapping && parent.ExpectingKey && current is not Scalar)
            {
                errors.Add(current.Start, null, "mapping keys must be plain strings");
                return false;
            }

            if (current is AnchorAlias alias && frames.Any(f => f.Anchor == alias.Value.Value))
            {
                errors.Add(current.Start, null, $"alias '*{alias.Value.Value}' refers to a node that contains it");
                return false;
            }

            if (current is NodeEvent node and (MappingStart or SequenceStart))
            {
                if (frames.Count >= MaxDepth)
                {
                    errors.Add(node.Start, null, $"YAML is nested more than {MaxDepth} levels deep");
                    return false;
                }

                frames.Push(new Frame(node is MappingStart, node.Anchor.IsEmpty ? null : node.Anchor.Value));
                continue;
            }

            AfterNode(frames);
        }

        return true;
    }

    private static void AfterNode(Stack<Frame> frames)
    {
        if (frames.TryPeek(out var parent) && parent.IsMapping)
        {
            parent.ExpectingKey = !parent.ExpectingKey;
        }
    }

    private sealed class Frame(bool isMapping, string? anchor)
    {
        public bool IsMapping { get; } = isMapping;

        public string? Anchor { get; } = anchor;

        public bool ExpectingKey { get; set; } = true;
    }
}
