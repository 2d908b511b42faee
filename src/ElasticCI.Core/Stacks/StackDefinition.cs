using ElasticCI.Scaling;

namespace ElasticCI.Stacks;

/// <summary>
/// One stack from <c>elastic-ci.yml</c>: a fleet serving one queue. Parameter names follow the
/// original Elastic CI Stack (docs/configuration.md lists each with its default; <see cref="StackParameters"/> defines each once).
/// </summary>
internal sealed record StackDefinition
{
    public required string Name { get; init; }

    /// <remarks>Default: <c>default</c>.</remarks>
    public string Queue { get; init; } = "default";

    /// <remarks>Default: <c>local</c>.</remarks>
    public string Provider { get; init; } = "local";

    /// <summary>
    /// The sizing parameters (MinSize, MaxSize, AgentsPerInstance, factors, cooldowns, buffer…), one record shared with
    /// the policies and <c>scaler decide</c>, so each has one name, one default and one meaning.
    /// </summary>
    public ScalingParameters Scaling { get; init; } = new();

    /// <summary>How long every agent of an instance must have been idle before the instance is drained; zero means never (as the original).</summary>
    /// <remarks>Default: 600 seconds (the original stack's).</remarks>
    public TimeSpan ScaleInIdlePeriod { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Instance shape; for the local provider a label only.</summary>
    /// <remarks>Default: <c>local</c>.</remarks>
    public string InstanceType { get; init; } = "local";

    /// <summary>
    /// The settings of the stack's provider (<c>ProviderSettings: {provider: {...}}</c>, or the provider's legacy top-level
    /// keys such as <c>Isolation</c>): declared, defaulted and validated by the provider, opaque to Core.
    /// </summary>
    /// <remarks>Default: the provider's defaults (none for a stack built in code).</remarks>
    public StackProviderSettings ProviderSettings { get; init; } = StackProviderSettings.None;

    /// <summary>Which scaling policy sizes the stack: <see cref="StackPolicies.Elastic"/> or <see cref="StackPolicies.Buildkite"/>.</summary>
    /// <remarks>Default: <c>elastic</c>.</remarks>
    public string Policy { get; init; } = StackPolicies.Elastic;

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

    /// <summary>Share of capacity above <see cref="OnDemandBaseCapacity"/> that is On-Demand rather than Spot, 0–100; the local provider models the rest as interruptible spot instances.</summary>
    /// <remarks>Default: 100.</remarks>
    public int OnDemandPercentage { get; init; } = 100;

    /// <summary>Script run when an instance boots, before its agents start (an absolute path, file://, http:// or https://; s3:// and ssm: are refused by the local provider). Failure or timeout: the instance is replaced with a backoff.</summary>
    /// <remarks>Default: none.</remarks>
    public string? BootstrapScriptUrl { get; init; }

    /// <summary>Environment file applied to the instance's agents and their jobs (same forms as <see cref="BootstrapScriptUrl"/>).</summary>
    /// <remarks>Default: none.</remarks>
    public string? AgentEnvFileUrl { get; init; }

    /// <summary>The agents' plugin mirror (<c>--plugin-mirror</c>): <c>;</c>-separated <c>FROM=TO</c> prefix rewrites and/or one
    /// directory or URL laid out as <c>HOST/PATH</c>, so air-gapped instances fetch plugins (the official ones unchanged) locally.</summary>
    /// <remarks>Default: none (plugins come from their repositories).</remarks>
    public string? PluginMirror { get; init; }

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

    /// <summary>Whether jobs of this stack get brokered secrets at all (the original's parameter of the same name).</summary>
    /// <remarks>Default: true.</remarks>
    public bool EnableSecretsPlugin { get; init; } = true;

    /// <summary>S3 bucket holding this stack's secrets (the original layout); unset uses the coordinator's local encrypted store.</summary>
    /// <remarks>Default: none.</remarks>
    public string? SecretsBucket { get; init; }

    /// <summary>Region of <see cref="SecretsBucket"/>.</summary>
    /// <remarks>Default: <c>us-east-1</c>.</remarks>
    public string? SecretsBucketRegion { get; init; }

    /// <summary>Endpoint of an S3-compatible server (MinIO, s3rver) for <see cref="SecretsBucket"/>; path-style addressing is used with it.</summary>
    /// <remarks>Default: none (AWS).</remarks>
    public string? SecretsBucketEndpoint { get; init; }

    /// <summary>Send SSE-S3 (<c>AES256</c>) on every write, as the original's managed-bucket encryption.</summary>
    /// <remarks>Default: false.</remarks>
    public bool SecretsBucketEncryption { get; init; }

    /// <summary>Envelope-encrypt values (AES-256-GCM, the coordinator's master key file) before they reach the bucket, for stores that do not encrypt.</summary>
    /// <remarks>Default: false.</remarks>
    public bool SecretsClientSideEncryption { get; init; }

    /// <summary>Extra secrets prefixes granted to pipelines whose jobs run on this stack, as <c>pipeline=prefix[,prefix...][;...]</c>; a job may choose a prefix with <c>BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX</c> only when it is its pipeline's slug or granted here.</summary>
    /// <remarks>Default: none (each pipeline reads only its own slug's secrets and the global ones).</remarks>
    public string? SecretsPrefixGrants { get; init; }

    /// <summary>Rolling update: how many instances above desired capacity may be launched to replace outdated ones.</summary>
    /// <remarks>Default: 1.</remarks>
    public int MaxSurge { get; init; } = 1;

    /// <summary>Rolling update: how many instances below desired capacity may be unavailable while outdated ones are replaced.</summary>
    /// <remarks>Default: 0 (a replacement is ready before an outdated instance stops taking work).</remarks>
    public int MaxUnavailable { get; init; }

    /// <summary>Where demand comes from: <see cref="StackMetricsSources.Local"/> (this coordinator's store) or <see cref="StackMetricsSources.Buildkite"/> (an agent metrics API).</summary>
    /// <remarks>Default: <c>local</c>.</remarks>
    public string MetricsSource { get; init; } = StackMetricsSources.Local;

    /// <summary>The agent API base the metrics are read from, as the original scaler's <c>AgentEndpoint</c>; <c>/metrics/queue?name=Queue</c> is appended.</summary>
    /// <remarks>Default: <c>https://agent.buildkite.com/v3</c>.</remarks>
    public string BuildkiteAgentEndpoint { get; init; } = StackMetricsSources.DefaultEndpoint;

    /// <summary>File holding the agent registration token sent as <c>Authorization: Token</c> (a file, so the secret stays out of the YAML). Required with <c>MetricsSource: buildkite</c>.</summary>
    /// <remarks>Default: none.</remarks>
    public string? BuildkiteAgentTokenFile { get; init; }

    /// <summary>Shortest time between two metrics polls, as the original's <c>MinPollInterval</c>; raised (never lowered) to the server's poll-duration header.</summary>
    /// <remarks>Default: 10 seconds.</remarks>
    public TimeSpan MinPollInterval { get; init; } = TimeSpan.FromSeconds(10);
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

    /// <summary>The stack <c>elastic-ci up</c> runs when no configuration file is given.</summary>
    public static StackDefinition EmbeddedDefault { get; } = new()
    {
        Name = "default",
        Queue = "default",
        Provider = "local",
        Scaling = new() { MinSize = 0, MaxSize = 4, AgentsPerInstance = 2 },
        ScaleInIdlePeriod = TimeSpan.FromSeconds(30),
    };
}
