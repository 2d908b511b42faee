using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCI.Protocol;
using ElasticCI.Validation;

namespace ElasticCI.Coordinator.Validation;

/// <summary>
/// Finds refused control characters in a request: every string and every object key of a wire DTO (as its JSON form,
/// so problems name the JSON field, e.g. <c>env.FOO</c> or <c>tags.queue</c>), every route value and every query value.
/// </summary>
internal static class RequestControlCharacters
{
    /// <summary>Fields (or maps whose values are) one line: no control character at all.</summary>
    private static readonly HashSet<string> LineFields = new(StringComparer.Ordinal)
    {
        "pipeline", "branch", "commit", "label", "key", "name", "repository", "fileName", "uploadId", "hostname",
        "instanceId", "context", "style", "tags", "queue", "slug", "defaultBranch", "state", "reason",
    };

    /// <summary>Fields whose values only feed interpolation (the uploading job's environment): only NUL is refused.</summary>
    private static readonly HashSet<string> NulOnlyFields = new(StringComparer.Ordinal) { "environment" };

    /// <summary>Adds one problem per refused value of a bound argument that is a wire DTO; other arguments are ignored.</summary>
    public static void CheckArgument(object? argument, List<string> errors)
    {
        if (argument is null || argument.GetType().Namespace?.StartsWith("ElasticCI.Protocol", StringComparison.Ordinal) != true
            || !ProtocolJsonContext.Default.Options.TryGetTypeInfo(argument.GetType(), out var typeInfo))
        {
            return;
        }
        var node = JsonSerializer.SerializeToNode(argument, typeInfo);
        Walk(node, "", ControlCharacters.Kind.Text, errors);
    }

    /// <summary>Adds one problem per refused route or query value (each must be one line).</summary>
    public static void CheckValues(IEnumerable<KeyValuePair<string, string?>> values, string what, List<string> errors)
    {
        foreach (var (name, value) in values)
        {
            if (ControlCharacters.Check($"{what} {name}", value, ControlCharacters.Kind.Line) is { } problem)
            {
                errors.Add(problem);
            }
        }
    }

    private static void Walk(JsonNode? node, string path, ControlCharacters.Kind kind, List<string> errors)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var childPath = path.Length == 0 ? name : $"{path}.{name}";
                    if (ControlCharacters.Check($"the name of {childPath}", name, ControlCharacters.Kind.Line) is { } badName)
                    {
                        errors.Add(badName);
                        continue;
                    }
                    Walk(child, childPath, KindOf(name, kind), errors);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", kind, errors);
                }
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                if (ControlCharacters.Check(path, value.GetValue<string>(), kind) is { } problem)
                {
                    errors.Add(problem);
                }
                break;
        }
    }

    // A child inherits its parent's kind (tags.* are one line like tags), unless its own name says otherwise.
    private static ControlCharacters.Kind KindOf(string name, ControlCharacters.Kind inherited)
        => NulOnlyFields.Contains(name) ? ControlCharacters.Kind.NulOnly
            : LineFields.Contains(name) ? ControlCharacters.Kind.Line
            : inherited;
}
