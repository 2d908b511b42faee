using ElasticCI.Scaling;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>A stack as it runs: its definition, the scaler's latest decision (for <c>stack status</c>) and the buildkite policy's group state.</summary>
/// <remarks>Each field is touched only by the stack's own scaler loop.</remarks>
internal sealed class StackRuntime(StackDefinition definition)
{
    public StackDefinition Definition { get; } = definition;

    public ScalingDecision? LastDecision { get; set; }

    /// <summary>Desired capacity and last scale-out / scale-in times, as the original keeps them; used by the buildkite policy.</summary>
    public BuildkiteGroupState Group { get; set; } = BuildkiteGroupState.Initial;

    /// <summary>Instances stopped for InstanceCreationTimeout, so a slow exit is not abandoned (and reported) twice.</summary>
    public HashSet<string> Abandoned { get; } = new(StringComparer.Ordinal);
}
