using ElasticCI.Pipelines;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Validation;

/// <summary>
/// Applies <see cref="ControlCharacters"/> to every key and scalar of a pipeline document after interpolation, so that a
/// value written as <c>"main\0/bin/sh"</c> (a YAML escape) or interpolated from a variable never reaches a build, a
/// trigger or a job. Keys and the one-line fields (branch, commit, key, label, name...) refuse every control character;
/// other values (commands, messages, env values) may hold tab, newline and carriage return.
/// </summary>
internal static class PipelineControlCharacters
{
    private static readonly HashSet<string> LineFields = new(StringComparer.Ordinal)
    {
        "branch", "commit", "key", "label", "name", "pipeline", "trigger", "queue", "identifier", "depends_on", "step",
    };

    /// <summary>Records one error per refused key or scalar (with its line, column and path); returns how many.</summary>
    public static int Check(YamlNode root, PipelineErrorCollector errors)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        // An anchored node reached again through an alias is checked once: walking every path would be exponential
        // in a document of nested aliases (the "billion laughs" shape the parser's own limits refuse later).
        Walk(root, "", ControlCharacters.Kind.Text, errors, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance));
        return errors.Count - before;
    }

    private static void CheckEnvSizes(YamlMappingNode env, string path, PipelineErrorCollector errors)
    {
        foreach (var (key, value) in env.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode scalar && EnvLimits.Check($"{path}.{name}", name, scalar.Value) is { } problem)
            {
                errors.Add(value, null, problem);
            }
        }
    }

    private static void Walk(YamlNode node, string path, ControlCharacters.Kind kind, PipelineErrorCollector errors, HashSet<YamlNode> seen)
    {
        if (node is not YamlScalarNode && !seen.Add(node))
        {
            return;
        }
        switch (node)
        {
            case YamlScalarNode scalar:
                if (ControlCharacters.Check(path.Length == 0 ? "value" : path, scalar.Value, kind) is { } problem)
                {
                    errors.Add(scalar, null, problem);
                }
                break;
            case YamlSequenceNode sequence:
                var index = 0;
                foreach (var child in sequence.Children)
                {
                    Walk(child, $"{path}[{index++}]", kind, errors, seen);
                }
                break;
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? "";
                    var keyPath = path.Length == 0 ? name : $"{path}.{name}";
                    if (ControlCharacters.Check(path.Length == 0 ? "a top-level key" : $"a key of {path}", name, ControlCharacters.Kind.Line) is { } badKey)
                    {
                        errors.Add(key, null, badKey);
                        continue;
                    }
                    if (name == "env" && value is YamlMappingNode env)
                    {
                        CheckEnvSizes(env, keyPath, errors);
                    }
                    Walk(value, keyPath, LineFields.Contains(name) ? ControlCharacters.Kind.Line : ControlCharacters.Kind.Text, errors, seen);
                }
                break;
        }
    }
}
