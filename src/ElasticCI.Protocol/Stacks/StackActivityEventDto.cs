namespace ElasticCI.Protocol.Stacks;

/// <summary>One scaling event with the stack it belongs to.</summary>
/// <param name="Stack">Stack name.</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Action"><c>decide</c> (desired changed), <c>launch</c>, <c>drain</c>, <c>terminated</c>, <c>boot-timeout</c>, <c>launch-failed</c>,
/// <c>bootstrap-failed</c>, <c>unhealthy</c> (dangling), <c>spot-interruption</c>, <c>spot-cancel-jobs</c>, <c>spot-terminated</c>.</param>
/// <param name="Reason">The policy's inputs and arithmetic, or what happened to the instance.</param>
/// <param name="InstanceId">The instance it concerns, if one.</param>
public sealed record StackActivityEventDto(string Stack, DateTimeOffset At, string Action, string Reason, string? InstanceId);
