using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ElasticCI.Protocol.Metrics;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ElasticCI.Coordinator.Metrics;

/// <summary>
/// Reads one queue from a Buildkite-compatible agent metrics API (<c>GET {endpoint}/metrics/queue?name=Q</c>,
/// <c>Authorization: Token</c>), as buildkite-agent-scaler does. Transport failures and timeouts are retried twice
/// with a short backoff; an HTTP answer (even 5xx or 429) is not retried, because the server has spoken and retrying it
/// would poll faster than it asked for.
/// </summary>
internal sealed class BuildkiteMetricsClient : IDisposable
{
    public const string UserAgent = "elastic-ci-scaler/1";
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _pipeline;

    public BuildkiteMetricsClient(TimeProvider time)
    {
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                UseJitter = true,
            })
            .AddTimeout(TimeSpan.FromSeconds(5))
            .Build();
    }

    /// <summary>The queue's metrics and the server's poll duration (null when it sent none or an unparsable one).</summary>
    /// <exception cref="BuildkiteMetricsException">The server answered something other than 200 or an unreadable body.</exception>
    public async Task<(BuildkiteMetricsDto Metrics, TimeSpan? PollDuration)> GetQueueAsync(
        string endpoint, string queue, string token, CancellationToken cancellationToken)
    {
        var url = new Uri(endpoint.TrimEnd('/') + "/metrics/queue?name=" + Uri.EscapeDataString(queue));
        return await _pipeline.ExecuteAsync(async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
            request.Headers.UserAgent.ParseAdd(UserAgent);
            using var response = await _http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BuildkiteMetricsException($"GET {url.GetLeftPart(UriPartial.Path)}: {(int)response.StatusCode} {response.StatusCode}");
            }
            TimeSpan? pollDuration = null;
            if (response.Headers.TryGetValues("Buildkite-Agent-Metrics-Poll-Duration", out var values)
                && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                pollDuration = TimeSpan.FromSeconds(seconds);
            }
            try
            {
                var metrics = await response.Content.ReadFromJsonAsync(MetricsJsonContext.Default.BuildkiteMetricsDto, ct)
                    ?? throw new BuildkiteMetricsException($"GET {url.GetLeftPart(UriPartial.Path)}: empty body");
                return (metrics, pollDuration);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new BuildkiteMetricsException($"GET {url.GetLeftPart(UriPartial.Path)}: unreadable body: {ex.Message}");
            }
        }, cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}
