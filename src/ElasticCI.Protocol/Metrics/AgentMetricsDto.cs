using System.Text.Json.Serialization;

namespace ElasticCI.Protocol.Metrics;

/// <summary>Connected agents: idle (waiting for a job), busy (holding a job), total (connected).</summary>
/// <param name="Idle">Agents waiting for work.</param>
/// <param name="Busy">Agents holding a job.</param>
/// <param name="Total">Connected agents (idle, busy or draining).</param>
/// <param name="Queues">Per queue, only in <c>/v3/metrics</c>; a queue appears only if it has agents.</param>
public sealed record AgentMetricsDto(
    int Idle,
    int Busy,
    int Total,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, AgentQueueMetricsDto>? Queues);
