using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ElasticCI.Coordinator.Notifications;

/// <summary>
/// POSTs webhook payloads with retries (Polly): connection failures, per-attempt timeouts, 408, 429 and 5xx are
/// retried with exponential backoff; any other answer is final. Never throws except on shutdown cancellation.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    public const int MaxAttempts = 4;

    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public WebhookSender(TimeProvider time, TimeSpan baseDelay, TimeSpan attemptTimeout)
    {
        // No redirects: a webhook goes where the pipeline says, not where a receiver points it next.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } response } => IsTransient(response.StatusCode),
                    _ => false,
                }),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                MaxRetryAttempts = MaxAttempts - 1,
            })
            .AddTimeout(attemptTimeout)
            .Build();
    }

    /// <summary>Delivers <paramref name="json"/> to <paramref name="url"/>; the outcome says whether, after how many attempts, and why not.</summary>
    public async Task<WebhookOutcome> SendAsync(Uri url, string json, string eventName, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            using var response = await _pipeline.ExecuteAsync(async ct =>
            {
                attempts++;
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.Add("X-Buildkite-Event", eventName);
                request.Headers.UserAgent.Add(new ProductInfoHeaderValue("ElasticCI", "1"));
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }, cancellationToken);
            return response.IsSuccessStatusCode
                ? new WebhookOutcome(true, attempts, null)
                : new WebhookOutcome(false, attempts, $"the receiver answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new WebhookOutcome(false, attempts, ex.Message);
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
