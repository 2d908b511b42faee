using ElasticCI.Validation;

namespace ElasticCI.Secrets;

/// <summary>
/// The secrets prefixes a pipeline definition grants its jobs (<c>secretsPrefixGrants</c>): the same prefixes a stack's
/// <c>SecretsPrefixGrants</c> may name, checked field by field so a refusal names the element.
/// </summary>
internal static class PipelineGrantRules
{
    public const string Field = "secretsPrefixGrants";

    /// <summary>The most prefixes one pipeline may be granted.</summary>
    public const int MaxGrants = 100;

    /// <summary>One line per refused element (empty, a control character, an absolute path, '.'/'..' segments); none for null.</summary>
    public static List<string> Check(IReadOnlyList<string>? grants)
    {
        var errors = new List<string>();
        if (grants is null)
        {
            return errors;
        }
        if (grants.Count > MaxGrants)
        {
            errors.Add($"{Field} may list at most {MaxGrants} prefixes, was {grants.Count}");
            return errors;
        }
        for (var i = 0; i < grants.Count; i++)
        {
            var field = $"{Field}[{i}]";
            var prefix = grants[i];
            if (string.IsNullOrWhiteSpace(prefix))
            {
                errors.Add($"{field} must not be empty (a secrets prefix such as 'shared')");
            }
            else if (ControlCharacters.Check(field, prefix, ControlCharacters.Kind.Line) is { } control)
            {
                errors.Add(control);
            }
            else if (SecretKeys.Check(prefix.Trim().TrimEnd('/')) is { } problem)
            {
                errors.Add($"{field} ('{prefix}') is not a usable secrets prefix: {problem}");
            }
        }
        return errors;
    }

    /// <summary>The grants as stored: trimmed, without a trailing '/', each once, sorted.</summary>
    public static IReadOnlyList<string> Normalize(IReadOnlyList<string> grants)
        => [.. grants.Select(g => g.Trim().TrimEnd('/')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
