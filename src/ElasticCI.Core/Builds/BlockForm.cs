using System.Text.RegularExpressions;
using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>Checks what a person submitted to unblock a block/input job and turns it into build meta-data.</summary>
internal static class BlockForm
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Every problem with <paramref name="submitted"/>, and the values to store (defaults filled in) when there is none.</summary>
    public static (IReadOnlyList<string> Errors, IReadOnlyDictionary<string, string> Values) Validate(BlockSpec? block, IReadOnlyDictionary<string, string> submitted)
    {
        var errors = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var fields = block?.Fields ?? [];
        foreach (var key in submitted.Keys.Where(k => !fields.Any(f => f.Key == k)))
        {
            errors.Add($"field '{key}' is not a field of this step");
        }
        foreach (var field in fields)
        {
            var value = submitted.TryGetValue(field.Key, out var given) ? given : string.Join('\n', field.Default);
            if (value.Length == 0)
            {
                if (field.Required)
                {
                    errors.Add($"field '{field.Key}' is required");
                }
                continue;
            }
            if (field.IsSelect)
            {
                var chosen = field.Multiple ? value.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [value];
                if (chosen.FirstOrDefault(c => !field.Options.Any(o => o.Value == c)) is { } bad)
                {
                    errors.Add($"field '{field.Key}': '{bad}' is not one of {string.Join(", ", field.Options.Select(o => o.Value))}");
                    continue;
                }
            }
            else if (field.Format is { } format && !Regex.IsMatch(value, $"^(?:{format})$", RegexOptions.None, RegexTimeout))
            {
                errors.Add($"field '{field.Key}': '{value}' does not match the format {format}");
                continue;
            }
            values[field.Key] = value;
        }
        return (errors, values);
    }

    /// <summary>What the build shows while this job holds it (<c>blocked_state</c>; input steps: passed).</summary>
    public static BlockedState StateWhileBlocked(BlockSpec? block) => block?.BlockedState ?? BlockedState.Passed;
}
