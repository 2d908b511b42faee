using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ElasticCI.Protocol;

namespace ElasticCI.Agent.Jobs;

/// <summary>
/// The values the coordinator's secrets broker says this job's log must redact, so secrets a job loads with
/// <c>buildkite-agent secrets env</c> never reach the log. Best effort: no answer means nothing extra to redact.
/// </summary>
internal static class BrokeredRedactions
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<IReadOnlyList<string>> FetchAsync(IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue("BUILDKITE_AGENT_ACCESS_TOKEN", out var token) || string.IsNullOrWhiteSpace(token)
            || !environment.TryGetValue("BUILDKITE_AGENT_ENDPOINT", out var endpoint)
            || !Uri.TryCreate(endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress))
        {
            return [];
        }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "api/agent/v1/job/secrets"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
            using var response = await Http.SendAsync(request, CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                return [];
            }
            var secrets = await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.JobSecretsDto, CancellationToken.None);
            return secrets?.Redact ?? [];
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return [];
        }
    }
}
