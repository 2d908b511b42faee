namespace ElasticCI.Scaling;

/// <summary>How an instance is bought: on-demand (never interrupted) or spot (can get an interruption notice).</summary>
internal static class InstanceLifecycles
{
    public const string OnDemand = "on-demand";
    public const string Spot = "spot";
}
