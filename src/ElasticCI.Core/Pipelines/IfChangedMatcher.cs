using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ElasticCI.Pipelines;

/// <summary>
/// Decides a step's <c>if_changed</c> against the files a build changed: a glob, a list of globs, or
/// <c>{include, exclude}</c> (each a glob or list). The step runs when some changed file matches an include
/// glob and no exclude glob.
/// </summary>
internal static class IfChangedMatcher
{
    /// <summary>The problem with an <c>if_changed</c> value, or null when it is well-formed.</summary>
    public static string? Check(JsonNode? value)
    {
        var (include, exclude, problem) = Read(value);
        if (problem is not null)
        {
            return problem;
        }
        var bad = include.Concat(exclude).FirstOrDefault(g => Glob.ToRegex(g) is null);
        return bad is null ? null : $"if_changed: malformed glob '{bad}' (unclosed '{{' or '[')";
    }

    /// <summary>True when the step should run; a malformed value keeps the step (the parser reports it).</summary>
    public static bool Matches(JsonNode? value, IReadOnlyList<string> changedFiles)
    {
        var (include, exclude, problem) = Read(value);
        if (problem is not null)
        {
            return true;
        }
        var includes = include.Select(Glob.ToRegex).OfType<Regex>().ToList();
        var excludes = exclude.Select(Glob.ToRegex).OfType<Regex>().ToList();
        return changedFiles.Any(f => includes.Any(g => IsMatch(g, f)) && !excludes.Any(g => IsMatch(g, f)));
    }

    private static bool IsMatch(Regex glob, string file)
    {
        try
        {
            return glob.IsMatch(file);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological pattern counts as a match: keeping a step is the safe side.
            return true;
        }
    }

    private static (List<string> Include, List<string> Exclude, string? Problem) Read(JsonNode? value)
    {
        if (value is JsonObject map)
        {
            if (map.Select(p => p.Key).FirstOrDefault(k => k is not ("include" or "exclude")) is { } unknown)
            {
                return ([], [], $"if_changed: unknown key '{unknown}' (expected include and exclude)");
            }
            var include = Globs(map["include"]);
            var exclude = map.ContainsKey("exclude") ? Globs(map["exclude"]) : [];
            return include is null or { Count: 0 } || exclude is null
                ? ([], [], "if_changed: include must be a glob or a list of globs, and exclude too when given")
                : (include, exclude, null);
        }
        var globs = Globs(value);
        return globs is null or { Count: 0 } ? ([], [], "if_changed must be a glob, a list of globs, or {include, exclude}") : (globs, [], null);
    }

    private static List<string>? Globs(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        JsonArray list when list.All(i => i is JsonValue s && s.GetValueKind() == JsonValueKind.String) => [.. list.Select(i => i!.GetValue<string>())],
        _ => null,
    };
}
