namespace ElasticCI.Scaling;

/// <summary>
/// The original's mixed-instances split: the first OnDemandBaseCapacity instances are on-demand; of the capacity above
/// that base, OnDemandPercentage percent (rounded up) is on-demand and the rest spot. Pure.
/// </summary>
internal static class SpotCapacity
{
    /// <summary>The lifecycle of one more instance, given the live instances' lifecycles.</summary>
    public static string Next(int onDemandBase, int onDemandPercentage, int liveOnDemand, int liveSpot)
    {
        if (liveOnDemand < onDemandBase)
        {
            return InstanceLifecycles.OnDemand;
        }
        var aboveBase = liveOnDemand + liveSpot - onDemandBase + 1;
        var onDemandAbove = liveOnDemand - onDemandBase;
        var wanted = (int)Math.Ceiling(aboveBase * onDemandPercentage / 100.0);
        return onDemandAbove < wanted ? InstanceLifecycles.OnDemand : InstanceLifecycles.Spot;
    }
}
