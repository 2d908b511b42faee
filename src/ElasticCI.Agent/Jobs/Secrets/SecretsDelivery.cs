using ElasticCI.Agent.Logs;
using ElasticCI.Protocol.Secrets;
using ElasticCI.Secrets;

namespace ElasticCI.Agent.Jobs.Secrets;

/// <summary>Turns a brokered bundle into a <see cref="DeliveryPlan"/>: pure, so precedence and redaction are testable without a job.</summary>
internal static class SecretsDelivery
{
    public static DeliveryPlan Plan(JobSecretsDto bundle, IReadOnlyList<string> redactedVars)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var redactions = new List<string>(bundle.Redact);
        redactions.AddRange(bundle.SshKeys.Select(k => k.Value.Trim()));
        redactions.AddRange(bundle.SecretFiles.Values);
        string? error = null;

        var envFiles = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>(StringComparer.Ordinal);
        foreach (var file in bundle.EnvFiles)
        {
            try
            {
                envFiles[file.Key] = EnvFileParser.Parse(file.Key, file.Value);
            }
            catch (EnvFileFormatException ex)
            {
                // The first malformed file fails the job; its message names the file and line only.
                error ??= ex.Message;
            }
        }
        foreach (var file in bundle.GitCredentials)
        {
            try
            {
                redactions.AddRange(GitCredential.ParseFile(file.Value).Select(c => c.Password));
            }
            catch (FormatException ex)
            {
                error ??= file.Key + ": " + ex.Message;
            }
        }
        var environment = SecretLayout.ComposeEnvironment(bundle.Prefix, envFiles, bundle.SecretFiles);
        redactions.AddRange(Redactor.SecretsOf(environment, redactedVars));
        return new DeliveryPlan(
            bundle.Prefix,
            environment,
            bundle.SshKeys.Select(k => k.Value).ToList(),
            bundle.GitCredentials.Select(k => k.Key).ToList(),
            redactions.Where(v => v.Trim().Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            error);
    }
}
