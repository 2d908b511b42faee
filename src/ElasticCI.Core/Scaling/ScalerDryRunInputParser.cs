using System.Text.Json;

namespace ElasticCI.Scaling;

/// <summary>
/// Reads the input of <c>elastic-ci scaler decide</c>:
/// <c>{"params": {...}, "metrics": {"scheduled", "running", "waiting", "agents"}, "group": {"desired", "inService"},
/// "lastScaleOut": ISO-8601 or null, "lastScaleIn": ISO-8601 or null, "now": ISO-8601}</c>.
/// Strict: an unknown or repeated field, a value of the wrong type, a negative count or a time without an offset is an
/// error, and all errors are reported. Missing counts are 0 (as in the metrics API), missing times mean "never";
/// only <c>now</c> is required, so a tick is reproducible.
/// </summary>
internal static class ScalerDryRunInputParser
{
    private static readonly string[] TopLevel = ["params", "metrics", "group", "lastScaleOut", "lastScaleIn", "now"];
    private static readonly string[] MetricFields = ["scheduled", "running", "waiting", "agents"];
    private static readonly string[] GroupFields = ["desired", "inService"];

    public static (ScalerDryRunInput? Input, IReadOnlyList<string> Errors) Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return (null, [$"invalid JSON: {ex.Message}"]);
        }
        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    public static (ScalerDryRunInput? Input, IReadOnlyList<string> Errors) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [$"expected a JSON object, got {ScalingParametersParser.Describe(root)}"]);
        }
        var errors = new List<string>();
        var fields = Fields(root, "", TopLevel, errors);

        var parameters = new ScalingParameters();
        if (fields.TryGetValue("params", out var paramsElement))
        {
            var (parsed, paramErrors) = ScalingParametersParser.Parse(paramsElement, "params");
            errors.AddRange(paramErrors);
            parameters = parsed ?? parameters;
        }
        var metrics = Counts(fields, "metrics", MetricFields, errors);
        var group = Counts(fields, "group", GroupFields, errors);
        var lastScaleOut = Time(fields, "lastScaleOut", required: false, errors);
        var lastScaleIn = Time(fields, "lastScaleIn", required: false, errors);
        var now = Time(fields, "now", required: true, errors);

        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var tick = new BuildkiteTickInput(
            metrics["scheduled"], metrics["running"], metrics["waiting"], metrics["agents"],
            group["desired"], group["inService"], lastScaleOut, lastScaleIn, now!.Value);
        return (new ScalerDryRunInput(parameters, tick), errors);
    }

    /// <summary>The object's properties by name; unknown and repeated names are errors.</summary>
    private static Dictionary<string, JsonElement> Fields(JsonElement element, string path, string[] known, List<string> errors)
    {
        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var where = path + property.Name;
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                var scope = path.Length == 0 ? "top-level field" : $"field of {path.TrimEnd('.')}";
                errors.Add($"{where}: unknown {scope} (known: {string.Join(", ", known)})");
            }
            else if (!found.TryAdd(property.Name, property.Value))
            {
                errors.Add($"{where}: given more than once");
            }
        }
        return found;
    }

    private static Dictionary<string, int> Counts(Dictionary<string, JsonElement> fields, string name, string[] known, List<string> errors)
    {
        var counts = known.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        if (!fields.TryGetValue(name, out var element))
        {
            return counts;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{name}: expected an object with {string.Join(", ", known)}, got {ScalingParametersParser.Describe(element)}");
            return counts;
        }
        foreach (var (field, value) in Fields(element, name + ".", known, errors))
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0)
            {
                counts[field] = count;
            }
            else
            {
                errors.Add($"{name}.{field}: expected an integer, 0 or more, got {ScalingParametersParser.Describe(value)}");
            }
        }
        return counts;
    }

    private static DateTimeOffset? Time(Dictionary<string, JsonElement> fields, string name, bool required, List<string> errors)
    {
        if (!fields.TryGetValue(name, out var element) || (element.ValueKind == JsonValueKind.Null && !required))
        {
            if (required)
            {
                errors.Add($"{name}: required (an ISO-8601 time with an offset, e.g. 2026-01-01T12:00:00Z)");
            }
            return null;
        }
        // A time without Z or an offset would silently take the machine's zone; refuse it instead.
        if (element.ValueKind == JsonValueKind.String
            && element.TryGetDateTimeOffset(out var at)
            && element.TryGetDateTime(out var local) && local.Kind != DateTimeKind.Unspecified)
        {
            return at;
        }
        var nullable = required ? "" : " or null";
        errors.Add($"{name}: expected an ISO-8601 time with an offset (e.g. 2026-01-01T12:00:00Z){nullable}, got {ScalingParametersParser.Describe(element)}");
        return null;
    }
}
