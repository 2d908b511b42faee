namespace ElasticCI.Protocol.Metrics;

/// <summary>One queue's agents.</summary>
/// <param name="Idle">Agents waiting for work.</param>
/// <param name="Busy">Agents holding a job.</param>
/// <param name="Total">Connected agents.</param>
public sealed record AgentQueueMetricsDto(int Idle, int Busy, int Total);
