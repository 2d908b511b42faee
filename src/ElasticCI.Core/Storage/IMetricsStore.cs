namespace ElasticCI.Storage;

/// <summary>Per-queue counts for the Buildkite-shaped metrics API.</summary>
internal interface IMetricsStore
{
    /// <summary>Every queue that has an unfinished job or a connected agent.</summary>
    Task<IReadOnlyList<QueueMetrics>> GetQueueMetricsAsync(CancellationToken cancellationToken);
}
