namespace ElasticCI.Secrets;

/// <summary>
/// Which keys a job looks up, in which order, and who wins: the original s3-secrets hooks' layout as pure functions.
/// </summary>
/// <remarks>
/// Later assignments win, so pipeline-specific values beat global ones and secret-files beat env files.
/// SSH keys keep insertion order: pipeline keys are offered to ssh first.
/// </remarks>
internal static class SecretLayout
{
    /// <summary>Overrides the pipeline slug as the per-pipeline prefix.</summary>
    public const string BucketPrefixVariable = "BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX";

    /// <summary>The pipeline slug, used as the prefix when no override is set.</summary>
    public const string PipelineSlugVariable = "BUILDKITE_PIPELINE_SLUG";

    /// <summary>Folder (global, and under the prefix) whose keys become environment variables.</summary>
    public const string SecretFilesFolder = "secret-files/";

    private static readonly string[] SecretFileSuffixes = ["_SECRET", "_SECRET_KEY", "_PASSWORD", "_TOKEN", "_ACCESS_KEY"];

    /// <summary>The per-pipeline prefix: the bucket-prefix override when set, else the pipeline slug.</summary>
    /// <exception cref="InvalidOperationException">Neither is set (fatal in the original).</exception>
    public static string ResolvePrefix(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in new[] { BucketPrefixVariable, PipelineSlugVariable })
        {
            if (environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                var prefix = value.Trim().TrimEnd('/');
                if (SecretKeys.Check(prefix) is { } problem)
                {
                    throw new InvalidOperationException($"{name} is not a usable secrets prefix: {problem}");
                }
                return prefix;
            }
        }
        throw new InvalidOperationException($"Cannot choose a secrets prefix: neither {BucketPrefixVariable} nor {PipelineSlugVariable} is set.");
    }

    /// <summary>SSH private keys, in the order they are added to the agent (pipeline first).</summary>
    public static IReadOnlyList<string> SshKeys(string prefix) =>
        [$"{prefix}/private_ssh_key", $"{prefix}/id_rsa_github", "private_ssh_key", "id_rsa_github"];

    /// <summary>Env files, in evaluation order (global first, so the pipeline's win).</summary>
    public static IReadOnlyList<string> EnvFiles(string prefix) =>
        ["env", "environment", $"{prefix}/env", $"{prefix}/environment"];

    /// <summary>Git credential files, one credential helper each, in this order.</summary>
    public static IReadOnlyList<string> GitCredentials(string prefix) =>
        ["git-credentials", $"{prefix}/git-credentials"];

    /// <summary>Folders listed for secret files, in evaluation order (global first).</summary>
    public static IReadOnlyList<string> SecretFilePrefixes(string prefix) =>
        [SecretFilesFolder, $"{prefix}/{SecretFilesFolder}"];

    /// <summary>Whether a listed key under a secret-files folder is exposed (its name ends in a secret suffix).</summary>
    public static bool IsSecretFile(string key)
    {
        var name = VariableName(key);
        return name.Length > 0 && SecretFileSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>The environment variable a secret file sets: the key's last path segment.</summary>
    public static string VariableName(string key) => key[(key.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The job environment from what was found: env files (keyed by store key, variables in file order) and the
    /// secret-file values listed under <see cref="SecretFilePrefixes"/>; later sources overwrite earlier ones.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ComposeEnvironment(
        string prefix,
        IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> envFiles,
        IReadOnlyDictionary<string, string> secretFiles)
    {
        ArgumentNullException.ThrowIfNull(envFiles);
        ArgumentNullException.ThrowIfNull(secretFiles);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in EnvFiles(prefix))
        {
            if (envFiles.TryGetValue(file, out var variables))
            {
                foreach (var (name, value) in variables)
                {
                    result[name] = value;
                }
            }
        }
        foreach (var folder in SecretFilePrefixes(prefix))
        {
            // Listing order (by key); nested keys count too, named after their last segment, as the original.
            var keys = secretFiles.Keys
                .Where(k => k.StartsWith(folder, StringComparison.Ordinal) && IsSecretFile(k))
                .Order(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                result[VariableName(key)] = secretFiles[key];
            }
        }
        return result;
    }
}
