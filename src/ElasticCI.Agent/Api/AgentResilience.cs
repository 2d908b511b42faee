using System.Net;
using ElasticCI.Client;
using Polly;
using Polly.Retry;

namespace ElasticCI.Agent.Api;

/// <summary>Retry pipelines for coordinator calls: transient failures only, exponential backoff with jitter.</summary>
internal sealed class AgentResilience
{
    public AgentResilience(TimeProvider timeProvider, TimeSpan baseDelay)
    {
        // Log chunks retry briefly: a chunk that still fails stays queued and goes again on the next tick.
        LogUpload = Build(timeProvider, baseDelay, maxRetries: 4, maxDelay: TimeSpan.FromSeconds(5));
        // Finish must get through or the job ends up lost; keep trying for a couple of minutes.
        Finish = Build(timeProvider, baseDelay, maxRetries: 10, maxDelay: TimeSpan.FromSeconds(30));
        // Start, heartbeat and disconnect: a few quick tries, then the caller decides.
        Control = Build(timeProvider, baseDelay, maxRetries: 4, maxDelay: TimeSpan.FromSeconds(10));
        // Registration waits for a coordinator that is still starting (elastic-ci up launches both): about a minute.
        Register = Build(timeProvider, baseDelay, maxRetries: 10, maxDelay: TimeSpan.FromSeconds(10));
    }

    public ResiliencePipeline Register { get; }

    public ResiliencePipeline LogUpload { get; }

    public ResiliencePipeline Finish { get; }

    public ResiliencePipeline Control { get; }

    /// <summary>Network errors, timeouts, 5xx, 408 and 429 are worth another try; other answers are final.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        HttpRequestException => true,
        TimeoutException => true,
        // HttpClient.Timeout surfaces as a TaskCanceledException that wraps a TimeoutException.
        TaskCanceledException { InnerException: TimeoutException } => true,
        CoordinatorException coordinator => (int)coordinator.StatusCode >= 500
            || coordinator.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };

    private static ResiliencePipeline Build(TimeProvider timeProvider, TimeSpan baseDelay, int maxRetries, TimeSpan maxDelay)
        => new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                MaxDelay = maxDelay,
                MaxRetryAttempts = maxRetries,
            })
            .Build();
}
