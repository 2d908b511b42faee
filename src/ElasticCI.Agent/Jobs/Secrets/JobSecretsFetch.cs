using System.Net;
using System.Text.Json;
using ElasticCI.Client;

namespace ElasticCI.Agent.Jobs.Secrets;

/// <summary>
/// Fetches the job's secrets bundle from the coordinator's broker with the job's own token, once, before the job's
/// first step (so every value is known to the redactor before any output exists).
/// </summary>
internal static class JobSecretsFetch
{
    /// <summary>Per-pipeline opt-out, as the original stack's <c>SECRETS_PLUGIN_ENABLED</c> (pipeline or step env).</summary>
    public const string EnabledVariable = "SECRETS_PLUGIN_ENABLED";

    public static bool IsDisabled(IReadOnlyDictionary<string, string> environment)
        => environment.TryGetValue(EnabledVariable, out var enabled) && enabled.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);

    public static async Task<FetchedSecrets> FetchAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        if (IsDisabled(environment)
            || !environment.TryGetValue("BUILDKITE_AGENT_ACCESS_TOKEN", out var token) || string.IsNullOrWhiteSpace(token)
            || JobEndpoints.From(environment.GetValueOrDefault("BUILDKITE_AGENT_ENDPOINT"), environment.GetValueOrDefault(JobEndpoints.Variable)) is not { } endpoints)
        {
            return FetchedSecrets.None;
        }
        try
        {
            // One client per job: the endpoint comes with the job, and this runs once per job.
            using var http = CoordinatorFailoverHandler.CreateClient(endpoints, TimeSpan.FromSeconds(30));
            var client = new JobApiClient(http, token);
            var bundle = await client.GetSecretsAsync(cancellationToken);
            return bundle.Prefix.Length == 0 ? FetchedSecrets.None : new FetchedSecrets(bundle, null);
        }
        catch (CoordinatorException ex) when (ex.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            // The broker's problem names the store and what failed (connection, bucket), never a value.
            return new FetchedSecrets(null, ex.Message);
        }
        catch (CoordinatorException ex)
        {
            return new FetchedSecrets(null, $"the secrets broker refused ({(int)ex.StatusCode}): {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new FetchedSecrets(null, "the secrets broker did not answer: " + ex.Message);
        }
    }
}
