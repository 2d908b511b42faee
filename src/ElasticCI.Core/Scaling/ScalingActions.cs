namespace ElasticCI.Scaling;

/// <summary>The actions a dry-run decision can report.</summary>
internal static class ScalingActions
{
    /// <summary>Desired capacity is raised.</summary>
    public const string Out = "out";

    /// <summary>Desired capacity is set by a scale-in (normally lowered; see the original's quirk A).</summary>
    public const string In = "in";

    /// <summary>Nothing to do.</summary>
    public const string None = "none";

    /// <summary>A scale-out or scale-in was due but its cooldown has not passed.</summary>
    public const string Cooldown = "cooldown";

    /// <summary>A scale-out or scale-in was due but DisableScaleOut or DisableScaleIn forbids it.</summary>
    public const string Disabled = "disabled";
}
