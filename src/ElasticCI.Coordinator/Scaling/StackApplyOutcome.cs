using ElasticCI.Protocol.Stacks;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>Either every problem with a configuration (nothing was changed) or what applying it changed.</summary>
internal sealed record StackApplyOutcome(IReadOnlyList<string> Errors, StackApplyResultDto? Result);
