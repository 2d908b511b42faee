using System.Text.RegularExpressions;

namespace ElasticCI.Pipelines;

/// <summary>Buildkite's rules for step keys: at most 100 characters from a small set, and not shaped like a UUID (those are job ids).</summary>
internal static partial class StepKeyRules
{
    public const int MaxLength = 100;

    /// <summary>The problem with <paramref name="key"/>, or null when it is valid.</summary>
    public static string? Validate(string key)
    {
        if (key.Length == 0)
        {
            return "key must not be empty";
        }

        if (key.Length > MaxLength)
        {
            return $"key must be at most {MaxLength} characters, got {key.Length}";
        }

        if (!AllowedCharacters().IsMatch(key))
        {
            return $"key '{key}' may only contain letters, digits and _-:${{}}.,";
        }

        return LooksLikeUuid().IsMatch(key) ? $"key '{key}' must not look like a UUID" : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-:${}.,]+$")]
    private static partial Regex AllowedCharacters();

    [GeneratedRegex("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    private static partial Regex LooksLikeUuid();
}
