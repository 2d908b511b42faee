namespace ElasticCI.Scaling;

/// <summary>The actions a dry-run decision can report; wire names in <see cref="ScalingActions"/>.</summary>
internal enum ScalingAction
{
    /// <summary>Desired capacity is raised.</summary>
    Out,

    /// <summary>Desired capacity is set by a scale-in (normally lowered; see the original's quirk A).</summary>
    In,

    /// <summary>Nothing to do.</summary>
    None,

    /// <summary>A scale-out or scale-in was due but its cooldown has not passed.</summary>
    Cooldown,

    /// <summary>A scale-out or scale-in was due but DisableScaleOut or DisableScaleIn forbids it.</summary>
    Disabled,
}
