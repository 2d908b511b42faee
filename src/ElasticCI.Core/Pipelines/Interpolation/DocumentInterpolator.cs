using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines.Interpolation;

/// <summary>
/// Applies <see cref="Interpolator"/> to a loaded pipeline document in place, before its steps are read. The top-level
/// <c>env</c> goes first, entry by entry in document order (keys and values), each result joining the environment so
/// later entries and the rest of the document see it; a pipeline <c>env</c> entry overrides the upload environment.
/// Then every other string scalar is expanded, plus the keys of <c>env</c> mappings. Step-level <c>env</c> is not
/// part of the environment: a step that wants its own variable writes <c>$$VAR</c> so the shell expands it at run time.
/// </summary>
internal static class DocumentInterpolator
{
    public static void Apply(YamlNode root, IReadOnlyDictionary<string, string> uploadEnvironment, PipelineErrorCollector errors)
    {
        var environment = new Dictionary<string, string>(uploadEnvironment, StringComparer.Ordinal);
        var done = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        if (root is YamlMappingNode mapping
            && YamlMap.Resolve(mapping, (_, _) => { }).Find("env") is { Value: YamlMappingNode env })
        {
            done.Add(env);
            foreach (var entry in YamlMap.Resolve(env, (_, _) => { }).Entries)
            {
                var key = Expand(entry.KeyNode, environment, done, errors) ?? entry.Key;
                if (Expand(entry.Value, environment, done, errors) is { } value && !YamlValues.IsNull(entry.Value))
                {
                    environment[key] = value;
                }
            }
        }

        Walk(root, environment, done, errors, isEnvMap: false);
    }

    private static void Walk(YamlNode node, Dictionary<string, string> environment, HashSet<YamlNode> done, PipelineErrorCollector errors, bool isEnvMap)
    {
        // Iterative, with each node visited once, so aliases cannot make this exponential.
        var pending = new Stack<(YamlNode Node, bool IsEnvMap)>();
        pending.Push((node, isEnvMap));
        while (pending.TryPop(out var current))
        {
            switch (current.Node)
            {
                case YamlScalarNode:
                    Expand(current.Node, environment, done, errors);
                    break;
                case YamlSequenceNode sequence when done.Add(sequence):
                    foreach (var child in sequence.Children)
                    {
                        pending.Push((child, false));
                    }

                    break;
                case YamlMappingNode map when done.Add(map):
                    foreach (var (key, value) in map.Children)
                    {
                        if (current.IsEnvMap)
                        {
                            Expand(key, environment, done, errors);
                        }

                        var childIsEnv = key is YamlScalarNode { Value: "env" or "meta_data" };
                        pending.Push((value, childIsEnv));
                    }

                    break;
            }
        }
    }

    private static string? Expand(YamlNode node, Dictionary<string, string> environment, HashSet<YamlNode> done, PipelineErrorCollector errors)
    {
        if (node is not YamlScalarNode { Value: { } text } scalar)
        {
            return null;
        }

        if (!done.Add(scalar))
        {
            return text;
        }

        try
        {
            scalar.Value = Interpolator.Interpolate(text, environment);
            return scalar.Value;
        }
        catch (InterpolationException ex)
        {
            errors.Add(scalar, null, $"interpolation failed: {ex.Message}");
            return null;
        }
    }
}
