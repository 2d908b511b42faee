using System.Collections.Concurrent;
using ElasticCI.Scaling;
using ElasticCI.Stacks;
using ElasticCI.Storage;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Metrics;

/// <summary>
/// A stack's demand: from this coordinator's store (<c>MetricsSource: local</c>) or from a Buildkite-compatible metrics
/// API (<c>buildkite</c>). A remote source is polled no faster than max(MinPollInterval, the server's
/// <c>Buildkite-Agent-Metrics-Poll-Duration</c>); between polls the last answer stands. When a poll fails the failure is
/// logged and the last good answer is used for at most <see cref="StaleAfter"/>; after that the tick fails (and the
/// fleet is left as it is) until the source answers again.
/// </summary>
internal sealed partial class DemandReader(IFleetStore fleet, BuildkiteMetricsClient client, TimeProvider time, ILogger<DemandReader> logger)
{
    private readonly ConcurrentDictionary<string, MetricsPollState> _states = new(StringComparer.Ordinal);

    /// <summary>How long a last good answer may stand in for a failing source: five poll intervals, at least a minute.</summary>
    public static TimeSpan StaleAfter(TimeSpan interval) => TimeSpan.FromTicks(Math.Max(interval.Ticks * 5, TimeSpan.FromMinutes(1).Ticks));

    /// <summary>The demand, the source's connected agents (null for the local source, whose caller counts them) and a note for the reason.</summary>
    public async Task<(QueueDemand Demand, int? Agents, string? Note)> ReadAsync(StackDefinition stack, CancellationToken cancellationToken)
    {
        if (stack.MetricsSource != StackMetricsSources.Buildkite)
        {
            return (await fleet.GetQueueDemandAsync(stack.Queue, cancellationToken), null, null);
        }
        var state = _states.GetOrAdd($"{stack.Name}\n{stack.BuildkiteAgentEndpoint}\n{stack.Queue}", _ => new MetricsPollState());
        var now = time.GetUtcNow();
        if (state.Demand is not null && now < state.NextPollAt)
        {
            return (state.Demand, state.Agents, Note(stack, state, now));
        }
        try
        {
            var token = (await File.ReadAllTextAsync(stack.BuildkiteAgentTokenFile!, cancellationToken)).Trim();
            var (metrics, pollDuration) = await client.GetQueueAsync(stack.BuildkiteAgentEndpoint, stack.Queue, token, cancellationToken);
            var jobs = metrics.Jobs;
            state.Demand = new QueueDemand(jobs?.Scheduled ?? 0, jobs?.Running ?? 0, jobs?.Waiting ?? 0);
            state.Agents = metrics.Agents?.Total ?? 0;
            state.ReadAt = now;
            // Never faster than the server asks; never faster than our own minimum either.
            state.Interval = pollDuration is { } server && server > stack.MinPollInterval ? server : stack.MinPollInterval;
            state.NextPollAt = now + state.Interval;
            return (state.Demand, state.Agents, Note(stack, state, now));
        }
        catch (Exception ex) when (ex is HttpRequestException or BuildkiteMetricsException or IOException or UnauthorizedAccessException
            or Polly.Timeout.TimeoutRejectedException)
        {
            state.NextPollAt = now + (state.Interval > TimeSpan.Zero ? state.Interval : stack.MinPollInterval);
            var limit = StaleAfter(state.Interval > TimeSpan.Zero ? state.Interval : stack.MinPollInterval);
            Log.PollFailed(logger, stack.Name, stack.BuildkiteAgentEndpoint, ex.Message);
            if (state.Demand is null || now - state.ReadAt > limit)
            {
                throw new InvalidOperationException(
                    $"metrics from {stack.BuildkiteAgentEndpoint} unavailable ({ex.Message}) and no answer younger than {limit.TotalSeconds:0}s to fall back on", ex);
            }
            return (state.Demand, state.Agents, $"metrics poll failed ({ex.Message}); using the answer from {(now - state.ReadAt).TotalSeconds:0}s ago");
        }
    }

    private static string Note(StackDefinition stack, MetricsPollState state, DateTimeOffset now)
        => $"metrics from {stack.BuildkiteAgentEndpoint} ({(now - state.ReadAt).TotalSeconds:0}s old, polled every {state.Interval.TotalSeconds:0}s)";

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.DemandReaderPollFailed, Level = LogLevel.Warning, Message = "Metrics poll for stack {Stack} from {Endpoint} failed: {Error}")]
        public static partial void PollFailed(ILogger logger, string stack, string endpoint, string error);
    }
}
