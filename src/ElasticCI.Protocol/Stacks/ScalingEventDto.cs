namespace ElasticCI.Protocol.Stacks;

/// <summary>One scaling decision that changed (or refused to change) a fleet.</summary>
/// <param name="At">When it was decided (UTC).</param>
/// <param name="Action"><c>launch</c>, <c>drain</c>, <c>terminated</c>, <c>replace</c>, ...</param>
/// <param name="Reason">The inputs and arithmetic behind it, in words.</param>
/// <param name="InstanceId">The instance it concerns, if one.</param>
public sealed record ScalingEventDto(DateTimeOffset At, string Action, string Reason, string? InstanceId);
