using System.Text;
using ElasticCI.Protocol.Secrets;
using ElasticCI.Secrets;

namespace ElasticCI.Coordinator.Api;

/// <summary>Reads exactly the keys <see cref="SecretLayout"/> lets a job with a given prefix see.</summary>
internal static class JobSecretsReader
{
    // Buildkite's default redacted-vars, as name suffixes: env-file variables named like this are redacted.
    private static readonly string[] RedactedSuffixes =
        ["_PASSWORD", "_SECRET", "_TOKEN", "_PRIVATE_KEY", "_SSH_KEY", "_ACCESS_KEY", "_SECRET_KEY", "_CONNECTION_STRING", "_API_KEY"];

    public static bool MayRead(string prefix, string key)
        => SecretLayout.SshKeys(prefix).Contains(key)
            || SecretLayout.EnvFiles(prefix).Contains(key)
            || SecretLayout.GitCredentials(prefix).Contains(key)
            || SecretLayout.SecretFilePrefixes(prefix).Any(folder => key.StartsWith(folder, StringComparison.Ordinal) && SecretLayout.IsSecretFile(key));

    public static async Task<JobSecretsDto> ReadAsync(ISecretStore store, string prefix, CancellationToken cancellationToken)
    {
        var sshKeys = await ReadAllAsync(store, SecretLayout.SshKeys(prefix), cancellationToken);
        var envFiles = await ReadAllAsync(store, SecretLayout.EnvFiles(prefix), cancellationToken);
        var gitCredentials = await ReadAllAsync(store, SecretLayout.GitCredentials(prefix), cancellationToken);
        var secretFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in SecretLayout.SecretFilePrefixes(prefix))
        {
            foreach (var entry in await store.ListAsync(folder, cancellationToken))
            {
                if (SecretLayout.IsSecretFile(entry.Key) && await store.GetAsync(entry.Key, cancellationToken) is { } value)
                {
                    secretFiles[entry.Key] = Encoding.UTF8.GetString(value);
                }
            }
        }
        var redact = new List<string>();
        redact.AddRange(secretFiles.Values);
        redact.AddRange(sshKeys.Select(k => k.Value));
        foreach (var file in envFiles)
        {
            try
            {
                redact.AddRange(EnvFileParser.Parse(file.Key, file.Value)
                    .Where(a => RedactedSuffixes.Any(suffix => a.Key.EndsWith(suffix, StringComparison.Ordinal)))
                    .Select(a => a.Value));
            }
            catch (EnvFileFormatException)
            {
                // The job reports the malformed file when it evaluates it; nothing to redact from it here.
            }
        }
        return new JobSecretsDto(prefix, sshKeys, envFiles, gitCredentials, secretFiles,
            redact.Where(v => v.Trim().Length > 0).Distinct(StringComparer.Ordinal).ToList());
    }

    private static async Task<List<SecretFileDto>> ReadAllAsync(ISecretStore store, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var found = new List<SecretFileDto>();
        foreach (var key in keys)
        {
            if (await store.GetAsync(key, cancellationToken) is { } value)
            {
                found.Add(new SecretFileDto(key, Encoding.UTF8.GetString(value)));
            }
        }
        return found;
    }
}
