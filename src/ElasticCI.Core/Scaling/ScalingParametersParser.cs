using System.Text.Json;

namespace ElasticCI.Scaling;

/// <summary>
/// Reads <see cref="ScalingParameters"/> from a JSON object such as the dry-run input's <c>"params"</c>.
/// Names are matched case-insensitively; durations are numbers of seconds. Every problem is reported, not just the first:
/// an unknown or repeated name, a value of the wrong JSON type, or sizes that cannot bound a group.
/// </summary>
internal static class ScalingParametersParser
{
    // Far beyond any sensible cooldown, and well inside what TimeSpan can hold.
    private const double MaxSeconds = 1e9;

    private static readonly Field[] AllFields =
    [
        Integer(nameof(ScalingParameters.MinSize), (p, v) => p with { MinSize = v }),
        Integer(nameof(ScalingParameters.MaxSize), (p, v) => p with { MaxSize = v }),
        Integer(nameof(ScalingParameters.AgentsPerInstance), (p, v) => p with { AgentsPerInstance = v }),
        Number(nameof(ScalingParameters.ScaleOutFactor), (p, v) => p with { ScaleOutFactor = v }),
        Number(nameof(ScalingParameters.ScaleInFactor), (p, v) => p with { ScaleInFactor = v }),
        Seconds(nameof(ScalingParameters.ScaleOutCooldownPeriod), (p, v) => p with { ScaleOutCooldownPeriod = v }),
        Seconds(nameof(ScalingParameters.ScaleInCooldownPeriod), (p, v) => p with { ScaleInCooldownPeriod = v }),
        Boolean(nameof(ScalingParameters.ScaleOnlyAfterAllEvent), (p, v) => p with { ScaleOnlyAfterAllEvent = v }),
        Boolean(nameof(ScalingParameters.DisableScaleIn), (p, v) => p with { DisableScaleIn = v }),
        Boolean(nameof(ScalingParameters.DisableScaleOut), (p, v) => p with { DisableScaleOut = v }),
        Boolean(nameof(ScalingParameters.ScaleOutForWaitingJobs), (p, v) => p with { ScaleOutForWaitingJobs = v }),
        Integer(nameof(ScalingParameters.InstanceBuffer), (p, v) => p with { InstanceBuffer = v }),
        Number(nameof(ScalingParameters.AvailabilityThreshold), (p, v) => p with { AvailabilityThreshold = v }),
        Integer(nameof(ScalingParameters.MaxInstanceCap), (p, v) => p with { MaxInstanceCap = v }),
    ];

    private static readonly Dictionary<string, Field> FieldsByName = AllFields.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The parameter names this parser knows, in the template's order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. AllFields.Select(f => f.Name)];

    /// <summary>Parses <paramref name="element"/>; <paramref name="path"/> prefixes each error (e.g. <c>params</c>).</summary>
    /// <returns>The parameters (defaults for names not given), or null and at least one error.</returns>
    public static (ScalingParameters? Parameters, IReadOnlyList<string> Errors) Parse(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, [$"{path}: expected an object of stack parameters, got {Describe(element)}"]);
        }
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var parameters = new ScalingParameters();
        foreach (var property in element.EnumerateObject())
        {
            var where = $"{path}.{property.Name}";
            if (!FieldsByName.TryGetValue(property.Name, out var field))
            {
                errors.Add($"{where}: unknown parameter (known: {string.Join(", ", Names)})");
                continue;
            }
            if (!seen.Add(field.Name))
            {
                errors.Add($"{where}: {field.Name} is given more than once");
                continue;
            }
            var applied = field.TryApply(parameters, property.Value);
            if (applied is null)
            {
                errors.Add($"{where}: expected {field.Expected}, got {Describe(property.Value)}");
                continue;
            }
            parameters = applied;
        }
        if (parameters.MinSize < 0)
        {
            errors.Add($"{path}.MinSize: must be 0 or more, was {parameters.MinSize}");
        }
        if (parameters.MaxSize < parameters.MinSize)
        {
            errors.Add($"{path}.MaxSize: must be at least MinSize ({parameters.MinSize}), was {parameters.MaxSize}");
        }
        return errors.Count > 0 ? (null, errors) : (parameters, errors);
    }

    /// <summary>A short, bounded rendering of a JSON value for error messages.</summary>
    public static string Describe(JsonElement value)
    {
        var kind = value.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return kind;
        }
        var raw = value.GetRawText();
        return $"{kind} ({(raw.Length > 40 ? raw[..40] + "…" : raw)})";
    }

    private static Field Integer(string name, Func<ScalingParameters, int, ScalingParameters> apply) =>
        new(name, "an integer", (p, e) => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? apply(p, v) : null);

    private static Field Number(string name, Func<ScalingParameters, double, ScalingParameters> apply) =>
        new(name, "a number", (p, e) => e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var v) ? apply(p, v) : null);

    private static Field Boolean(string name, Func<ScalingParameters, bool, ScalingParameters> apply) =>
        new(name, "true or false", (p, e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? apply(p, e.GetBoolean()) : null);

    private static Field Seconds(string name, Func<ScalingParameters, TimeSpan, ScalingParameters> apply) =>
        new(name, $"a number of seconds from 0 to {MaxSeconds:0}", (p, e) =>
            e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var v) && v is >= 0 and <= MaxSeconds
                ? apply(p, TimeSpan.FromSeconds(v))
                : null);

    private sealed record Field(string Name, string Expected, Func<ScalingParameters, JsonElement, ScalingParameters?> TryApply);
}
