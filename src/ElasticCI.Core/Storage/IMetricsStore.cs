namespace ElasticCI.Storage;

/// <summary>Per-queue counts for the Buildkite-shaped metrics API and the Prometheus families, and the stack chart's history.</summary>
internal interface IMetricsStore
{
    /// <summary>Every queue that has an unfinished job or a connected agent.</summary>
    Task<IReadOnlyList<QueueMetrics>> GetQueueMetricsAsync(CancellationToken cancellationToken);

    /// <summary>Jobs in each final state per queue (passed, failed, canceled, timed_out, lost, broken, skipped), from the jobs themselves.</summary>
    Task<IReadOnlyList<FinishedJobCount>> GetFinishedJobCountsAsync(CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="samples"/> and removes every sample older than <paramref name="keepSince"/>.</summary>
    Task AddFleetSamplesAsync(IReadOnlyList<FleetSample> samples, DateTimeOffset keepSince, CancellationToken cancellationToken);

    /// <summary>Samples taken at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<FleetSample>> ListFleetSamplesAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
