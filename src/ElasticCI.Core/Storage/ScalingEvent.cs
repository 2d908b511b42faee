namespace ElasticCI.Storage;

/// <summary>One recorded scaling action with its reason.</summary>
internal sealed record ScalingEvent(string Stack, DateTimeOffset At, string Action, string Reason, string? InstanceId);
