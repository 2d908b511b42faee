using ElasticCI.Scaling;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>A stack as it runs: its definition and the scaler's latest decision (for <c>stack status</c>).</summary>
internal sealed class StackRuntime(StackDefinition definition)
{
    public StackDefinition Definition { get; } = definition;

    public ScalingDecision? LastDecision { get; set; }
}
