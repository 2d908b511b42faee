using ElasticCI.Scaling;

namespace ElasticCI.Coordinator.Metrics;

/// <summary>What a stack last read from its metrics API, and when it may poll again.</summary>
internal sealed class MetricsPollState
{
    public QueueDemand? Demand { get; set; }

    public int Agents { get; set; }

    public DateTimeOffset ReadAt { get; set; }

    public DateTimeOffset NextPollAt { get; set; }

    public TimeSpan Interval { get; set; }
}
