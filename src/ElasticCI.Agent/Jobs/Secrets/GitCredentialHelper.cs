namespace ElasticCI.Agent.Jobs.Secrets;

/// <summary>
/// The <c>GIT_CONFIG_PARAMETERS</c> entries that make git ask the in-job <c>buildkite-agent secrets git-credential KEY</c>
/// for credentials: one helper per git-credentials file, as the original. The helper fetches the file from the broker
/// with the job's token when git needs it, so the credentials are never written to disk.
/// </summary>
internal static class GitCredentialHelper
{
    public const string Variable = "GIT_CONFIG_PARAMETERS";

    /// <summary><paramref name="existing"/> (kept, unlike the original which replaces it) plus one helper entry per key.</summary>
    public static string Parameters(string existing, string? binPath, IReadOnlyList<string> keys)
    {
        var command = binPath is { Length: > 0 } ? Path.Combine(binPath, "buildkite-agent") : "buildkite-agent";
        var entries = keys.Select(key => Quote($"credential.helper=!{Quote(command)} secrets git-credential {Quote(key)}"));
        return string.Join(' ', new[] { existing.Trim() }.Where(e => e.Length > 0).Concat(entries));
    }

    // The sh quoting git's own sq_dequote understands ('\'' for a quote inside).
    internal static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
