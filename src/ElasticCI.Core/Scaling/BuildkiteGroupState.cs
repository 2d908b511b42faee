namespace ElasticCI.Scaling;

/// <summary>What the original keeps between ticks for one group: its desired capacity and when it last scaled each way.</summary>
/// <param name="Desired">The group's desired capacity; null before the first tick (then the active instance count).</param>
/// <param name="LastScaleOut">When desired was last raised by a scale-out; null if never.</param>
/// <param name="LastScaleIn">When desired was last set by a scale-in; null if never.</param>
internal sealed record BuildkiteGroupState(int? Desired, DateTimeOffset? LastScaleOut, DateTimeOffset? LastScaleIn)
{
    public static BuildkiteGroupState Initial { get; } = new(null, null, null);
}
