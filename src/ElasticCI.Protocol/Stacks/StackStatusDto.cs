namespace ElasticCI.Protocol.Stacks;

/// <summary>One stack: its sizing, its instances and its recent scaling events.</summary>
/// <param name="Name">Stack name.</param>
/// <param name="Queue">Queue the stack serves.</param>
/// <param name="Provider">Compute provider name.</param>
/// <param name="MinSize">Fewest instances.</param>
/// <param name="MaxSize">Most instances.</param>
/// <param name="AgentsPerInstance">Agents each instance runs.</param>
/// <param name="Desired">Instances the scaler wants now.</param>
/// <param name="Actual">Instances that are booting or running (not draining or gone).</param>
/// <param name="Instances">Live instances, and recently terminated ones with state <c>terminated</c>.</param>
/// <param name="Events">Recent scaling events, newest first.</param>
/// <param name="Revision">The instance revision new instances get.</param>
/// <param name="Outdated">Live instances on an older revision (0 when no rolling update is in progress).</param>
/// <param name="Rollout">The rolling update's latest step with its reason; null when nothing is outdated.</param>
/// <param name="Removing">The stack was removed from the configuration and its instances are draining.</param>
/// <param name="Isolation">How the stack's instances are kept from the control plane: <c>sandbox</c> (own user, mount and PID namespaces) or <c>none</c>.</param>
public sealed record StackStatusDto(
    string Name,
    string Queue,
    string Provider,
    int MinSize,
    int MaxSize,
    int AgentsPerInstance,
    int Desired,
    int Actual,
    IReadOnlyList<InstanceDto> Instances,
    IReadOnlyList<ScalingEventDto> Events,
    string? Revision = null,
    int Outdated = 0,
    string? Rollout = null,
    bool Removing = false,
    string? Isolation = null)
{
    /// <summary>
    /// The stack's provider-specific settings (<c>ProviderSettings</c> in <c>elastic-ci.yml</c>, with the provider's
    /// defaults), by name; null when its provider declares none.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ProviderSettings { get; init; }
}
