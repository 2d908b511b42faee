namespace ElasticCI.Protocol.Metrics;

/// <summary>One queue's jobs.</summary>
/// <param name="Scheduled">Runnable, waiting for an agent.</param>
/// <param name="Running">On an agent.</param>
/// <param name="Waiting">Not runnable yet.</param>
/// <param name="Total">Scheduled plus running.</param>
public sealed record JobQueueMetricsDto(int Scheduled, int Running, int Waiting, int Total);
