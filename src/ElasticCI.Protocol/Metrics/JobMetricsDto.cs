using System.Text.Json.Serialization;

namespace ElasticCI.Protocol.Metrics;

/// <summary>Unfinished jobs with Buildkite's meanings.</summary>
/// <param name="Scheduled">Runnable, waiting for an agent.</param>
/// <param name="Running">On an agent (assigned or running).</param>
/// <param name="Waiting">Not runnable yet (behind a dependency or wait step).</param>
/// <param name="Total">Scheduled plus running (Buildkite's "unfinished").</param>
/// <param name="Queues">Per queue, only in <c>/v3/metrics</c>; a queue appears only if it has jobs.</param>
public sealed record JobMetricsDto(
    int Scheduled,
    int Running,
    int Waiting,
    int Total,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, JobQueueMetricsDto>? Queues);
