namespace ElasticCI.Secrets;

/// <summary>
/// Which secrets prefixes a pipeline's jobs may use. A job always may use its own pipeline slug; through
/// <c>BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX</c> it may choose another prefix only when that prefix is granted to its
/// pipeline. Grants are written <c>pipeline=prefix[,prefix...][;pipeline=...]</c> (the stack parameter
/// <c>SecretsPrefixGrants</c>), e.g. <c>web=shared,web-staging;api=shared</c>.
/// </summary>
internal sealed class SecretsPrefixGrants
{
    private readonly Dictionary<string, HashSet<string>> _byPipeline;

    private SecretsPrefixGrants(Dictionary<string, HashSet<string>> byPipeline) => _byPipeline = byPipeline;

    /// <summary>No grants: every pipeline uses only its own slug.</summary>
    public static SecretsPrefixGrants None { get; } = new(new Dictionary<string, HashSet<string>>(StringComparer.Ordinal));

    /// <summary>Parses a grants value; each problem is added to <paramref name="errors"/> prefixed with <paramref name="where"/>.</summary>
    public static SecretsPrefixGrants Parse(string? text, string where, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var byPipeline = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var entry in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            var prefixes = parts.Length == 2 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            if (parts.Length != 2 || parts[0].Length == 0 || prefixes.Length == 0)
            {
                errors.Add($"{where}: SecretsPrefixGrants entry '{entry}' must be pipeline=prefix[,prefix...]");
                continue;
            }
            var granted = byPipeline.TryGetValue(parts[0], out var existing) ? existing : byPipeline[parts[0]] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prefix in prefixes.Select(p => p.TrimEnd('/')))
            {
                if (SecretKeys.Check(prefix) is { } problem)
                {
                    errors.Add($"{where}: SecretsPrefixGrants prefix '{prefix}' of pipeline '{parts[0]}' is not a usable secrets prefix: {problem}");
                    continue;
                }
                granted.Add(prefix);
            }
        }
        return byPipeline.Count == 0 ? None : new SecretsPrefixGrants(byPipeline);
    }

    /// <summary>Whether jobs of <paramref name="pipeline"/> may use <paramref name="prefix"/> (always their own slug).</summary>
    public bool IsGranted(string pipeline, string prefix)
        => string.Equals(pipeline, prefix, StringComparison.Ordinal) || (_byPipeline.TryGetValue(pipeline, out var granted) && granted.Contains(prefix));

    /// <summary>The prefixes granted to <paramref name="pipeline"/> besides its own slug, sorted.</summary>
    public IReadOnlyList<string> GrantedTo(string pipeline)
        => _byPipeline.TryGetValue(pipeline, out var granted) ? granted.Order(StringComparer.Ordinal).ToList() : [];
}
