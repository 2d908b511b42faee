namespace ElasticCI.Protocol.Secrets;

/// <summary>
/// What a running job may see of the secret store (<c>GET /api/agent/v1/job/secrets</c>), laid out as the original
/// s3-secrets hooks look it up: global values first, then the job's prefix, so later entries win.
/// </summary>
/// <param name="Prefix">The job's secrets prefix (the bucket-prefix override, else the pipeline slug); empty when secrets are disabled.</param>
/// <param name="SshKeys">SSH private keys in the order they are offered (pipeline first).</param>
/// <param name="EnvFiles">Env files in evaluation order (global first).</param>
/// <param name="GitCredentials">Git credential files, one credential helper each, in order.</param>
/// <param name="SecretFiles">Secret files: store key → value, applied after the env files (global first, by key).</param>
/// <param name="Redact">Values the job's log should redact: secret files, ssh keys, and env-file values whose names match Buildkite's default redacted-vars.</param>
public sealed record JobSecretsDto(
    string Prefix,
    IReadOnlyList<SecretFileDto> SshKeys,
    IReadOnlyList<SecretFileDto> EnvFiles,
    IReadOnlyList<SecretFileDto> GitCredentials,
    IReadOnlyDictionary<string, string> SecretFiles,
    IReadOnlyList<string> Redact);
