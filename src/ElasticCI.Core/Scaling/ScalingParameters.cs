namespace ElasticCI.Scaling;

/// <summary>
/// The scaling parameters of a stack, named as in the original Elastic CI Stack template. Defaults are the values
/// that template passes to buildkite-agent-scaler; where the template does not pass a parameter, the scaler's own
/// default applies (said per property). Read in full by <see cref="BuildkiteScalingPolicy"/>; <see cref="ElasticScalingPolicy"/>
/// uses the sizes, ScaleOutFactor, DisableScaleOut, InstanceBuffer and MaxInstanceCap (no cooldowns: it is event-driven).
/// </summary>
internal sealed record ScalingParameters
{
    /// <summary>Lower bound on desired capacity (the ASG's MinSize).</summary>
    /// <remarks>Default: 0.</remarks>
    public int MinSize { get; init; }

    /// <summary>Upper bound on desired capacity (the ASG's MaxSize).</summary>
    /// <remarks>Default: 10.</remarks>
    public int MaxSize { get; init; } = 10;

    /// <summary>Agents per instance; converts agents to instances. The buildkite policy treats a value ≤ 0 as 1:1.</summary>
    /// <remarks>Default: 1.</remarks>
    public int AgentsPerInstance { get; init; } = 1;

    /// <summary>Multiplies each scale-out step (absolute value, rounded up); 0 means "the full step".</summary>
    /// <remarks>Default: 1.0 (the template's; the scaler's own default is 0, which has the same effect).</remarks>
    public double ScaleOutFactor { get; init; } = 1.0;

    /// <summary>Multiplies each scale-in step (absolute value, rounded down); 0 means "the full step".</summary>
    /// <remarks>Default: 0 (the template does not pass it; the scaler's default is 0, no factor).</remarks>
    public double ScaleInFactor { get; init; }

    /// <summary>Minimum time after the last scale-out before another scale-out.</summary>
    /// <remarks>Default: 300 seconds.</remarks>
    public TimeSpan ScaleOutCooldownPeriod { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Minimum time after the last scale-in before another scale-in.</summary>
    /// <remarks>Default: 3600 seconds.</remarks>
    public TimeSpan ScaleInCooldownPeriod { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>Measure each cooldown from the latest scaling event in either direction.</summary>
    /// <remarks>Default: false (the template does not pass it; the scaler's default).</remarks>
    public bool ScaleOnlyAfterAllEvent { get; init; }

    /// <summary>
    /// Buildkite policy: never lower desired capacity; instances leave by terminating themselves when idle. Elastic policy:
    /// not consulted, because its idle drains model the agents' own idle exit after ScaleInIdlePeriod, which the original
    /// performs whatever this says.
    /// </summary>
    /// <remarks>Default: true.</remarks>
    public bool DisableScaleIn { get; init; } = true;

    /// <summary>Never raise desired capacity (above the effective MinSize).</summary>
    /// <remarks>Default: false (the template does not pass it; the scaler's default).</remarks>
    public bool DisableScaleOut { get; init; }

    /// <summary>Count waiting jobs (behind wait or block steps) as demand when there are more of them than running jobs.</summary>
    /// <remarks>Default: false.</remarks>
    public bool ScaleOutForWaitingJobs { get; init; }

    /// <summary>Extra instances while there is work: at most this many, and at most the instances the jobs need.</summary>
    /// <remarks>Default: 0.</remarks>
    public int InstanceBuffer { get; init; }

    /// <summary>If registered agents ÷ expected agents is below this, add one instance; 0 disables the boost.</summary>
    /// <remarks>Default: 0.5.</remarks>
    public double AvailabilityThreshold { get; init; } = 0.5;

    /// <summary>Upper bound on the job-based instance count and, separately, on the buffer; 0 means no cap.</summary>
    /// <remarks>Default: 0 (the template does not pass it; the scaler's default).</remarks>
    public int MaxInstanceCap { get; init; }
}
