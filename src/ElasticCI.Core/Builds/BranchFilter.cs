using System.Text.RegularExpressions;

namespace ElasticCI.Builds;

/// <summary>
/// Buildkite <c>branches</c> patterns: <c>*</c> matches any run of characters, <c>!pattern</c> excludes. A branch passes
/// when no exclusion matches it and, if there are inclusions, at least one matches.
/// </summary>
internal static class BranchFilter
{
    public static bool Matches(IReadOnlyList<string> patterns, string branch)
    {
        var included = patterns.Where(p => !p.StartsWith('!')).ToList();
        if (patterns.Where(p => p.StartsWith('!')).Any(p => Glob(p[1..], branch)))
        {
            return false;
        }

        return included.Count == 0 || included.Any(p => Glob(p, branch));
    }

    private static bool Glob(string pattern, string text)
        => Regex.IsMatch(text, "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.Singleline, TimeSpan.FromSeconds(1));
}
