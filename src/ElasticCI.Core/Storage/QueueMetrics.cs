namespace ElasticCI.Storage;

/// <summary>One queue's jobs and agents, as the Buildkite agent metrics API counts them.</summary>
internal sealed record QueueMetrics(string Queue, int Scheduled, int Running, int Waiting, int IdleAgents, int BusyAgents, int TotalAgents);
