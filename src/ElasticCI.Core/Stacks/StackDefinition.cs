using ElasticCI.Scaling;

namespace ElasticCI.Stacks;

/// <summary>
/// One stack from <c>elastic-ci.yml</c>: a fleet serving one queue. Parameter names follow the
/// original Elastic CI Stack (README "Stack parameters" lists each with its default).
/// </summary>
internal sealed record StackDefinition
{
    public required string Name { get; init; }

    /// <remarks>Default: <c>default</c>.</remarks>
    public string Queue { get; init; } = "default";

    /// <remarks>Default: <c>local</c>.</remarks>
    public string Provider { get; init; } = "local";

    /// <remarks>Default: 0.</remarks>
    public int MinSize { get; init; }

    /// <remarks>Default: 10 (the original stack's).</remarks>
    public int MaxSize { get; init; } = 10;

    /// <remarks>Default: 1.</remarks>
    public int AgentsPerInstance { get; init; } = 1;

    /// <summary>How long every agent of an instance must have been idle before the instance is drained; zero means never (as the original).</summary>
    /// <remarks>Default: 600 seconds (the original stack's).</remarks>
    public TimeSpan ScaleInIdlePeriod { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Instance shape; for the local provider a label only.</summary>
    /// <remarks>Default: <c>local</c>.</remarks>
    public string InstanceType { get; init; } = "local";

    /// <summary>Which scaling policy sizes the stack: <see cref="StackPolicies.Elastic"/> or <see cref="StackPolicies.Buildkite"/>.</summary>
    /// <remarks>Default: <c>elastic</c>.</remarks>
    public string Policy { get; init; } = StackPolicies.Elastic;

    /// <inheritdoc cref="ScalingParameters.ScaleOutFactor"/>
    /// <remarks>Default: 1.0.</remarks>
    public double ScaleOutFactor { get; init; } = 1.0;

    /// <inheritdoc cref="ScalingParameters.ScaleInFactor"/>
    /// <remarks>Default: 0 (the full step).</remarks>
    public double ScaleInFactor { get; init; }

    /// <inheritdoc cref="ScalingParameters.ScaleOutCooldownPeriod"/>
    /// <remarks>Default: 300 seconds. Read by the buildkite policy only.</remarks>
    public TimeSpan ScaleOutCooldownPeriod { get; init; } = TimeSpan.FromSeconds(300);

    /// <inheritdoc cref="ScalingParameters.ScaleInCooldownPeriod"/>
    /// <remarks>Default: 3600 seconds. Read by the buildkite policy only.</remarks>
    public TimeSpan ScaleInCooldownPeriod { get; init; } = TimeSpan.FromSeconds(3600);

    /// <inheritdoc cref="ScalingParameters.ScaleOnlyAfterAllEvent"/>
    /// <remarks>Default: false. Read by the buildkite policy only.</remarks>
    public bool ScaleOnlyAfterAllEvent { get; init; }

    /// <summary>
    /// Buildkite policy: never lower desired capacity. Elastic policy: not consulted, because its idle drains model the
    /// agents' own idle exit after <see cref="ScaleInIdlePeriod"/>, which the original performs whatever this says.
    /// </summary>
    /// <remarks>Default: true.</remarks>
    public bool DisableScaleIn { get; init; } = true;

    /// <summary>Never raise capacity above the (effective) MinSize.</summary>
    /// <remarks>Default: false.</remarks>
    public bool DisableScaleOut { get; init; }

    /// <inheritdoc cref="ScalingParameters.ScaleOutForWaitingJobs"/>
    /// <remarks>Default: false. Read by the buildkite policy only.</remarks>
    public bool ScaleOutForWaitingJobs { get; init; }

    /// <inheritdoc cref="ScalingParameters.InstanceBuffer"/>
    /// <remarks>Default: 0.</remarks>
    public int InstanceBuffer { get; init; }

    /// <inheritdoc cref="ScalingParameters.AvailabilityThreshold"/>
    /// <remarks>Default: 0.5. Read by the buildkite policy only.</remarks>
    public double AvailabilityThreshold { get; init; } = 0.5;

    /// <inheritdoc cref="ScalingParameters.MaxInstanceCap"/>
    /// <remarks>Default: 0 (no cap).</remarks>
    public int MaxInstanceCap { get; init; }

    /// <summary>
    /// How long an instance may stay booting (no agent registered) before the scaler gives up on it and terminates it.
    /// The original's is a CloudFormation CreationPolicy override with no value of its own; 600 s keeps the spirit
    /// (a boot that takes ten minutes has failed) while being generous for slow hosts.
    /// </summary>
    /// <remarks>Default: 600 seconds.</remarks>
    public TimeSpan InstanceCreationTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>One job per instance: agents exit after a job, and the instance with them.</summary>
    /// <remarks>Default: false.</remarks>
    public bool BuildkiteTerminateInstanceAfterJob { get; init; }

    /// <summary>Agents stop taking work after this long and exit once idle; zero disables it.</summary>
    /// <remarks>Default: 0 (off).</remarks>
    public TimeSpan BuildkiteAgentDisconnectAfterUptime { get; init; }

    /// <summary>Share of capacity above the base that is On-Demand rather than Spot, 0–100. Parsed for cloud providers; local ignores it.</summary>
    /// <remarks>Default: 100.</remarks>
    public int OnDemandPercentage { get; init; } = 100;

    /// <summary>Script run when an instance boots (s3://, ssm:, https://, http:// or file:// or an absolute path). Parsed and validated only.</summary>
    /// <remarks>Default: none.</remarks>
    public string? BootstrapScriptUrl { get; init; }

    /// <summary>Environment file for the agents (same forms as <see cref="BootstrapScriptUrl"/>). Parsed and validated only.</summary>
    /// <remarks>Default: none.</remarks>
    public string? AgentEnvFileUrl { get; init; }

    /// <summary>Let <see cref="ScaleUpSchedule"/> and <see cref="ScaleDownSchedule"/> set the effective MinSize.</summary>
    /// <remarks>Default: false.</remarks>
    public bool EnableScheduledScaling { get; init; }

    /// <summary>Five-field cron: from each fire time MinSize is <see cref="ScaleUpMinSize"/>.</summary>
    /// <remarks>Default: <c>0 8 * * MON-FRI</c>.</remarks>
    public string ScaleUpSchedule { get; init; } = "0 8 * * MON-FRI";

    /// <summary>Five-field cron: from each fire time MinSize is <see cref="ScaleDownMinSize"/>.</summary>
    /// <remarks>Default: <c>0 18 * * MON-FRI</c>.</remarks>
    public string ScaleDownSchedule { get; init; } = "0 18 * * MON-FRI";

    /// <remarks>Default: 1.</remarks>
    public int ScaleUpMinSize { get; init; } = 1;

    /// <remarks>Default: 0.</remarks>
    public int ScaleDownMinSize { get; init; }

    /// <summary>IANA time zone the schedules are read in.</summary>
    /// <remarks>Default: <c>UTC</c>.</remarks>
    public string ScheduleTimezone { get; init; } = "UTC";

    /// <summary>How many instances are On-Demand before <see cref="OnDemandPercentage"/> applies to the rest (the original's OnDemandBaseCapacity).</summary>
    /// <remarks>Default: 0.</remarks>
    public int OnDemandBaseCapacity { get; init; }

    /// <summary>A running instance with no live (heartbeating) agent for this long is dangling: terminated hard and replaced.</summary>
    /// <remarks>Default: 300 seconds.</remarks>
    public TimeSpan DanglingInstanceGracePeriod { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How long <see cref="BootstrapScriptUrl"/> may run before the instance counts as failed.</summary>
    /// <remarks>Default: 600 seconds.</remarks>
    public TimeSpan BootstrapScriptTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Free bytes the build path's filesystem must have before each job (the original's DISK_MIN_AVAILABLE).</summary>
    /// <remarks>Default: 5 GiB.</remarks>
    public long DiskMinFreeBytes { get; init; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Free inodes the build path's filesystem must have before each job (the original's DISK_MIN_INODES).</summary>
    /// <remarks>Default: 250,000.</remarks>
    public long DiskMinFreeInodes { get; init; } = 250_000;

    /// <summary>Low disk after cleaning old build directories: false fails the job; true marks the instance unhealthy so it is replaced.</summary>
    /// <remarks>Default: false.</remarks>
    public bool BuildkiteTerminateInstanceOnDiskFull { get; init; }

    /// <summary>The original scaler's parameters for this stack, with <paramref name="minSize"/> as MinSize (see <see cref="ScheduledMinSize"/>).</summary>
    public ScalingParameters ToScalingParameters(int minSize) => new()
    {
        MinSize = minSize,
        MaxSize = MaxSize,
        AgentsPerInstance = AgentsPerInstance,
        ScaleOutFactor = ScaleOutFactor,
        ScaleInFactor = ScaleInFactor,
        ScaleOutCooldownPeriod = ScaleOutCooldownPeriod,
        ScaleInCooldownPeriod = ScaleInCooldownPeriod,
        ScaleOnlyAfterAllEvent = ScaleOnlyAfterAllEvent,
        DisableScaleIn = DisableScaleIn,
        DisableScaleOut = DisableScaleOut,
        ScaleOutForWaitingJobs = ScaleOutForWaitingJobs,
        InstanceBuffer = InstanceBuffer,
        AvailabilityThreshold = AvailabilityThreshold,
        MaxInstanceCap = MaxInstanceCap,
    };

    /// <summary>The stack <c>elastic-ci up</c> runs when no configuration file is given.</summary>
    public static StackDefinition EmbeddedDefault { get; } = new()
    {
        Name = "default",
        Queue = "default",
        Provider = "local",
        MinSize = 0,
        MaxSize = 4,
        AgentsPerInstance = 2,
        ScaleInIdlePeriod = TimeSpan.FromSeconds(30),
    };
}
