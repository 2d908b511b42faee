using System.Text.RegularExpressions;

namespace ElasticCI.Pipelines;

/// <summary><c>{{matrix}}</c> and <c>{{matrix.name}}</c> tokens (spaces allowed inside the braces).</summary>
internal static partial class MatrixTokens
{
    /// <summary>Dimension names used in <paramref name="text"/> ("" for <c>{{matrix}}</c>).</summary>
    public static IEnumerable<string> Names(string text) => Token().Matches(text).Select(m => m.Groups["name"].Value);

    /// <summary>Replaces every token with its value; unknown tokens are left alone (the parser rejects them).</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values)
        => !text.Contains("{{", StringComparison.Ordinal)
            ? text
            : Token().Replace(text, m => values.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);

    [GeneratedRegex(@"\{\{\s*matrix(?:\.(?<name>[A-Za-z0-9_]+))?\s*\}\}")]
    private static partial Regex Token();
}
