using System.CommandLine;
using ElasticCI.Secrets;

namespace ElasticCI.InJob;

/// <summary>
/// <c>buildkite-agent secrets env</c>: the job's brokered secrets as <c>export K='V'</c> lines, in the original hooks'
/// precedence (env files global then pipeline, then secret files), for <c>eval "$(buildkite-agent secrets env)"</c>.
/// </summary>
internal static class SecretsEnvCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var env = new Command("env", "Print the job's secret environment as shell export lines");
        env.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var secrets = await api.GetSecretsAsync(ct);
            var envFiles = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>(StringComparer.Ordinal);
            foreach (var file in secrets.EnvFiles)
            {
                try
                {
                    envFiles[file.Key] = EnvFileParser.Parse(file.Key, file.Value);
                }
                catch (EnvFileFormatException ex)
                {
                    await error.WriteLineAsync($"buildkite-agent: secrets: {ex.Message}");
                    return InJobExit.Failed;
                }
            }
            if (secrets.Prefix.Length == 0)
            {
                return InJobExit.Ok;
            }
            var environment = SecretLayout.ComposeEnvironment(secrets.Prefix, envFiles, secrets.SecretFiles);
            foreach (var (name, value) in environment)
            {
                await output.WriteLineAsync($"export {name}='{value.Replace("'", "'\\''", StringComparison.Ordinal)}'");
            }
            return InJobExit.Ok;
        }));
        return new Command("secrets", "The job's brokered secrets") { env, SecretsGitCredentialCommand.Create(output, error) };
    }
}
