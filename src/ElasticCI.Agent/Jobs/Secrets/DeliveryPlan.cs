namespace ElasticCI.Agent.Jobs.Secrets;

/// <summary>
/// What delivering one job's secrets does, decided before anything runs: the variables to set (original precedence),
/// the SSH keys to load (in offer order), the git-credentials keys to expose through the helper, and every value the log
/// must redact. <see cref="Error"/> (file and line, never a value) means the environment phase fails instead.
/// </summary>
internal sealed record DeliveryPlan(
    string Prefix,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> SshKeys,
    IReadOnlyList<string> GitCredentialKeys,
    IReadOnlyList<string> Redactions,
    string? Error);
