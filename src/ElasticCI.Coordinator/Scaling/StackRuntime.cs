using ElasticCI.Scaling;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>A stack as it runs: its definition, the scaler's latest decision (for <c>stack status</c>) and the buildkite policy's group state.</summary>
/// <remarks>Each field is touched only by the stack's own scaler loop.</remarks>
internal sealed class StackRuntime(StackDefinition definition)
{
    /// <summary>Replaced by <see cref="StackConfigReloader"/> when a new configuration is applied; the loop reads it once per tick.</summary>
    public StackDefinition Definition { get; set; } = definition;

    public ScalingDecision? LastDecision { get; set; }

    /// <summary>Desired capacity and last scale-out / scale-in times, as the original keeps them; used by the buildkite policy.</summary>
    public BuildkiteGroupState Group { get; set; } = BuildkiteGroupState.Initial;

    /// <summary>Instances stopped for InstanceCreationTimeout, so a slow exit is not abandoned (and reported) twice.</summary>
    public HashSet<string> Abandoned { get; } = new(StringComparer.Ordinal);

    /// <summary>The revision instances launched now get (see <see cref="InstanceRevision"/>).</summary>
    public string Revision => InstanceRevision.Of(Definition);

    /// <summary>The stack was removed from the configuration: its loop drains every instance, then ends.</summary>
    public bool Removed
    {
        get => Volatile.Read(ref _removed);
        set => Volatile.Write(ref _removed, value);
    }

    private bool _removed;

    /// <summary>The latest rolling-update step (progress for <c>stack status</c>); null when nothing is outdated.</summary>
    public RolloutStep? Rollout { get; set; }

    /// <summary>Active instances plus launches asked for at the last tick, for the global budget's fair share.</summary>
    public int Wanted { get; set; }
}
