using System.Text.RegularExpressions;
using static ElasticCI.Stacks.StackParameter;

namespace ElasticCI.Stacks;

/// <summary>
/// Every parameter a stack in <c>elastic-ci.yml</c> may set, each defined once. The order is the order problems are
/// reported in; docs/configuration.md lists the same parameters with the same defaults (checked by a test). Settings
/// only one compute provider understands are that provider's (<see cref="Compute.ComputeProviderRegistration.Settings"/>).
/// </summary>
internal static partial class StackParameters
{
    public static IReadOnlyList<StackParameter> All { get; } =
    [
        Text("Name", "The stack's name: lower-case letters, digits and dashes, unique in the file.", s => s.Name, (s, v) => s, CheckName),
        Text("Queue", "The queue the stack serves; one stack per queue.", s => s.Queue, (s, v) => s with { Queue = v }, CheckQueue),
        Text("Provider", "The compute provider that launches the stack's instances.", s => s.Provider, (s, v) => s with { Provider = v }, check: null),
        Integer("MinSize", "Fewest instances.", s => s.Scaling.MinSize, (s, v) => Sized(s, p => p with { MinSize = v }), CheckMinSize),
        Integer("MaxSize", "Most instances, at least MinSize.", s => s.Scaling.MaxSize, (s, v) => Sized(s, p => p with { MaxSize = v }), CheckMaxSize),
        Integer("AgentsPerInstance", "Agents each instance runs.", s => s.Scaling.AgentsPerInstance, (s, v) => Sized(s, p => p with { AgentsPerInstance = v }), CheckAgentsPerInstance),
        Seconds("ScaleInIdlePeriod", "Seconds every agent of an instance must be idle before it is drained; 0 = never.", s => s.ScaleInIdlePeriod, (s, v) => s with { ScaleInIdlePeriod = v }, CheckScaleInIdlePeriod),
        Text("Policy", "The scaling policy: elastic or buildkite.", s => s.Policy, (s, v) => s with { Policy = v.ToLowerInvariant() }, CheckPolicy),
        Number("ScaleOutFactor", "Multiplies each scale-out step.", s => s.Scaling.ScaleOutFactor, (s, v) => Sized(s, p => p with { ScaleOutFactor = v }), StackChecks.NotNegative("ScaleOutFactor", s => s.Scaling.ScaleOutFactor)),
        Number("ScaleInFactor", "Multiplies each scale-in step (buildkite policy).", s => s.Scaling.ScaleInFactor, (s, v) => Sized(s, p => p with { ScaleInFactor = v }), StackChecks.NotNegative("ScaleInFactor", s => s.Scaling.ScaleInFactor)),
        Number("AvailabilityThreshold", "Below this share of expected agents, add one instance (buildkite policy).", s => s.Scaling.AvailabilityThreshold, (s, v) => Sized(s, p => p with { AvailabilityThreshold = v }), StackChecks.NotNegative("AvailabilityThreshold", s => s.Scaling.AvailabilityThreshold)),
        Seconds("ScaleOutCooldownPeriod", "Seconds after a scale-out before the next (buildkite policy).", s => s.Scaling.ScaleOutCooldownPeriod, (s, v) => Sized(s, p => p with { ScaleOutCooldownPeriod = v }), StackChecks.NotNegative("ScaleOutCooldownPeriod", s => s.Scaling.ScaleOutCooldownPeriod.TotalSeconds)),
        Seconds("ScaleInCooldownPeriod", "Seconds after a scale-in before the next (buildkite policy).", s => s.Scaling.ScaleInCooldownPeriod, (s, v) => Sized(s, p => p with { ScaleInCooldownPeriod = v }), StackChecks.NotNegative("ScaleInCooldownPeriod", s => s.Scaling.ScaleInCooldownPeriod.TotalSeconds)),
        Integer("InstanceBuffer", "Extra instances while there are jobs.", s => s.Scaling.InstanceBuffer, (s, v) => Sized(s, p => p with { InstanceBuffer = v }), StackChecks.NotNegative("InstanceBuffer", s => s.Scaling.InstanceBuffer)),
        Integer("MaxInstanceCap", "Cap on the job-based instance count and the buffer; 0 = none.", s => s.Scaling.MaxInstanceCap, (s, v) => Sized(s, p => p with { MaxInstanceCap = v }), StackChecks.NotNegative("MaxInstanceCap", s => s.Scaling.MaxInstanceCap)),
        Seconds("BuildkiteAgentDisconnectAfterUptime", "Agents stop taking jobs after this many seconds; 0 = off.", s => s.BuildkiteAgentDisconnectAfterUptime, (s, v) => s with { BuildkiteAgentDisconnectAfterUptime = v }, StackChecks.NotNegative("BuildkiteAgentDisconnectAfterUptime", s => s.BuildkiteAgentDisconnectAfterUptime.TotalSeconds)),
        Seconds("InstanceCreationTimeout", "Seconds an instance may boot without a registered agent.", s => s.InstanceCreationTimeout, (s, v) => s with { InstanceCreationTimeout = v }, StackChecks.AtLeastOneSecond("InstanceCreationTimeout", s => s.InstanceCreationTimeout)),
        Integer("OnDemandPercentage", "Percentage of instances beyond the base capacity that are on-demand; the rest are spot.", s => s.OnDemandPercentage, (s, v) => s with { OnDemandPercentage = v }, CheckOnDemandPercentage),
        Text("BootstrapScriptUrl", "Script run before an instance's agents start.", s => s.BootstrapScriptUrl, (s, v) => s with { BootstrapScriptUrl = v }, StackChecks.Url("BootstrapScriptUrl", s => s.BootstrapScriptUrl)),
        Text("AgentEnvFileUrl", "Env file applied to the instance's agents and jobs.", s => s.AgentEnvFileUrl, (s, v) => s with { AgentEnvFileUrl = v }, StackChecks.Url("AgentEnvFileUrl", s => s.AgentEnvFileUrl)),
        Text("PluginMirror", "Where the agents fetch plugins: FROM=TO prefix rewrites and/or one directory or URL laid out as HOST/PATH, ;-separated.", s => s.PluginMirror, (s, v) => s with { PluginMirror = v }, StackChecks.PluginMirror),
        Text("ScaleUpSchedule", "Five-field cron; from each fire time MinSize is ScaleUpMinSize.", s => s.ScaleUpSchedule, (s, v) => s with { ScaleUpSchedule = v }, StackChecks.Cron("ScaleUpSchedule", s => s.ScaleUpSchedule)),
        Text("ScaleDownSchedule", "Five-field cron; from each fire time MinSize is ScaleDownMinSize.", s => s.ScaleDownSchedule, (s, v) => s with { ScaleDownSchedule = v }, StackChecks.Cron("ScaleDownSchedule", s => s.ScaleDownSchedule)),
        Text("ScheduleTimezone", "IANA zone the schedules are read in.", s => s.ScheduleTimezone, (s, v) => s with { ScheduleTimezone = v }, StackChecks.TimeZone),
        Text("SecretsBucket", "S3 bucket with the stack's secrets; unset = the local encrypted store.", s => s.SecretsBucket, (s, v) => s with { SecretsBucket = v }, StackSecretsRules.Bucket),
        Text("SecretsBucketRegion", "The secrets bucket's region (us-east-1 when unset).", s => s.SecretsBucketRegion, (s, v) => s with { SecretsBucketRegion = v }, StackSecretsRules.Region),
        Text("SecretsBucketEndpoint", "URL of an S3-compatible server for the secrets bucket.", s => s.SecretsBucketEndpoint, (s, v) => s with { SecretsBucketEndpoint = v }, StackSecretsRules.Endpoint),
        Boolean("SecretsBucketEncryption", "Send SSE-S3 with every write to the secrets bucket.", s => s.SecretsBucketEncryption, (s, v) => s with { SecretsBucketEncryption = v }, StackSecretsRules.Encryption),
        Boolean("SecretsClientSideEncryption", "Envelope-encrypt values with the coordinator's master key before they reach the bucket.", s => s.SecretsClientSideEncryption, (s, v) => s with { SecretsClientSideEncryption = v }, StackSecretsRules.ClientSideEncryption),
        Text("SecretsPrefixGrants", "Extra secrets prefixes granted to pipelines on this stack, as pipeline=prefix[,prefix...][;...].", s => s.SecretsPrefixGrants, (s, v) => s with { SecretsPrefixGrants = v },
            (s, where, errors) => _ = Secrets.SecretsPrefixGrants.Parse(s.SecretsPrefixGrants, where, errors)),
        Boolean("EnableSecretsPlugin", "False: the stack's jobs get no secrets.", s => s.EnableSecretsPlugin, (s, v) => s with { EnableSecretsPlugin = v }),
        Integer("ScaleUpMinSize", "MinSize after ScaleUpSchedule fires.", s => s.ScaleUpMinSize, (s, v) => s with { ScaleUpMinSize = v }, StackChecks.ScheduledSize("ScaleUpMinSize", s => s.ScaleUpMinSize)),
        Integer("ScaleDownMinSize", "MinSize after ScaleDownSchedule fires.", s => s.ScaleDownMinSize, (s, v) => s with { ScaleDownMinSize = v }, StackChecks.ScheduledSize("ScaleDownMinSize", s => s.ScaleDownMinSize)),
        Boolean("EnableScheduledScaling", "MinSize follows the schedule that fired last.", s => s.EnableScheduledScaling, (s, v) => s with { EnableScheduledScaling = v }),
        Integer("MaxSurge", "Rolling update: instances above desired capacity.", s => s.MaxSurge, (s, v) => s with { MaxSurge = v }, StackChecks.NotNegative("MaxSurge", s => s.MaxSurge)),
        Integer("MaxUnavailable", "Rolling update: instances below desired capacity.", s => s.MaxUnavailable, (s, v) => s with { MaxUnavailable = v }, CheckMaxUnavailable),
        Text("MetricsSource", "Where demand comes from: local or buildkite.", s => s.MetricsSource, (s, v) => s with { MetricsSource = v.ToLowerInvariant() }, StackMetricsSourceRules.Check),
        Text("BuildkiteAgentEndpoint", "Agent metrics API base (MetricsSource: buildkite).", s => s.BuildkiteAgentEndpoint, (s, v) => s with { BuildkiteAgentEndpoint = v }),
        Text("BuildkiteAgentTokenFile", "File with the agent registration token (MetricsSource: buildkite).", s => s.BuildkiteAgentTokenFile, (s, v) => s with { BuildkiteAgentTokenFile = v }),
        Seconds("MinPollInterval", "Seconds between metrics polls.", s => s.MinPollInterval, (s, v) => s with { MinPollInterval = v }, StackMetricsSourceRules.MinPollInterval),
        Integer("OnDemandBaseCapacity", "The first this-many instances are on-demand.", s => s.OnDemandBaseCapacity, (s, v) => s with { OnDemandBaseCapacity = v }, StackChecks.NotNegative("OnDemandBaseCapacity", s => s.OnDemandBaseCapacity)),
        Seconds("DanglingInstanceGracePeriod", "Seconds a running instance may have no live agent before it is replaced.", s => s.DanglingInstanceGracePeriod, (s, v) => s with { DanglingInstanceGracePeriod = v }, StackChecks.AtLeastOneSecond("DanglingInstanceGracePeriod", s => s.DanglingInstanceGracePeriod)),
        Seconds("BootstrapScriptTimeout", "Seconds the bootstrap script may run.", s => s.BootstrapScriptTimeout, (s, v) => s with { BootstrapScriptTimeout = v }, StackChecks.AtLeastOneSecond("BootstrapScriptTimeout", s => s.BootstrapScriptTimeout)),
        Long("DiskMinFreeBytes", "Free bytes the build path needs before each job.", s => s.DiskMinFreeBytes, (s, v) => s with { DiskMinFreeBytes = v }, StackChecks.NotNegative("DiskMinFreeBytes", s => s.DiskMinFreeBytes)),
        Long("DiskMinFreeInodes", "Free inodes the build path needs before each job.", s => s.DiskMinFreeInodes, (s, v) => s with { DiskMinFreeInodes = v }, StackChecks.NotNegative("DiskMinFreeInodes", s => s.DiskMinFreeInodes)),
        Boolean("BuildkiteTerminateInstanceOnDiskFull", "Low disk makes the agent unhealthy and the instance replaced, not only the job fail.", s => s.BuildkiteTerminateInstanceOnDiskFull, (s, v) => s with { BuildkiteTerminateInstanceOnDiskFull = v }),
        Text("InstanceType", "Instance shape; a label for the local provider.", s => s.InstanceType, (s, v) => s with { InstanceType = v }),
        Boolean("ScaleOnlyAfterAllEvent", "Cooldowns count from the latest scaling event in either direction (buildkite policy).", s => s.Scaling.ScaleOnlyAfterAllEvent, (s, v) => Sized(s, p => p with { ScaleOnlyAfterAllEvent = v })),
        Boolean("DisableScaleIn", "Never lower desired capacity (buildkite policy).", s => s.Scaling.DisableScaleIn, (s, v) => Sized(s, p => p with { DisableScaleIn = v })),
        Boolean("DisableScaleOut", "Never raise capacity above MinSize.", s => s.Scaling.DisableScaleOut, (s, v) => Sized(s, p => p with { DisableScaleOut = v })),
        Boolean("ScaleOutForWaitingJobs", "Count waiting jobs as demand (buildkite policy).", s => s.Scaling.ScaleOutForWaitingJobs, (s, v) => Sized(s, p => p with { ScaleOutForWaitingJobs = v })),
        Boolean("BuildkiteTerminateInstanceAfterJob", "One job per instance: agents exit after a job, and the instance with them.", s => s.BuildkiteTerminateInstanceAfterJob, (s, v) => s with { BuildkiteTerminateInstanceAfterJob = v }),
    ];

    private static readonly Dictionary<string, StackParameter> ByName = All.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The parameter named <paramref name="name"/> (any case), or null when there is none.</summary>
    public static StackParameter? Find(string name) => ByName.GetValueOrDefault(name);

    private static StackDefinition Sized(StackDefinition stack, Func<Scaling.ScalingParameters, Scaling.ScalingParameters> change)
        => stack with { Scaling = change(stack.Scaling) };

    private static void CheckName(StackDefinition stack, string where, List<string> errors)
    {
        if (!NamePattern().IsMatch(stack.Name))
        {
            errors.Add($"{where}: Name must be lower-case letters, digits and dashes (at most 63)");
        }
    }

    private static void CheckQueue(StackDefinition stack, string where, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(stack.Queue))
        {
            errors.Add($"{where}: Queue must not be empty");
        }
    }

    private static void CheckMinSize(StackDefinition stack, string where, List<string> errors)
    {
        if (stack.Scaling.MinSize < 0)
        {
            errors.Add($"{where}: MinSize must be 0 or more, was {stack.Scaling.MinSize}");
        }
    }

    private static void CheckMaxSize(StackDefinition stack, string where, List<string> errors)
    {
        if (stack.Scaling.MaxSize < stack.Scaling.MinSize || stack.Scaling.MaxSize < 0)
        {
            errors.Add($"{where}: MaxSize must be at least MinSize ({stack.Scaling.MinSize}), was {stack.Scaling.MaxSize}");
        }
    }

    private static void CheckAgentsPerInstance(StackDefinition stack, string where, List<string> errors)
    {
        if (stack.Scaling.AgentsPerInstance < 1)
        {
            errors.Add($"{where}: AgentsPerInstance must be at least 1, was {stack.Scaling.AgentsPerInstance}");
        }
    }

    private static void CheckScaleInIdlePeriod(StackDefinition stack, string where, List<string> errors)
    {
        if (stack.ScaleInIdlePeriod < TimeSpan.Zero)
        {
            errors.Add($"{where}: ScaleInIdlePeriod must be 0 or more seconds");
        }
    }

    private static void CheckPolicy(StackDefinition stack, string where, List<string> errors)
    {
        if (!StackPolicies.All.Contains(stack.Policy, StringComparer.Ordinal))
        {
            errors.Add($"{where}: Policy '{stack.Policy}' is not known (known: {string.Join(", ", StackPolicies.All)})");
        }
    }

    private static void CheckOnDemandPercentage(StackDefinition stack, string where, List<string> errors)
    {
        if (stack.OnDemandPercentage is < 0 or > 100)
        {
            errors.Add($"{where}: OnDemandPercentage must be between 0 and 100, was {stack.OnDemandPercentage}");
        }
    }

    private static void CheckMaxUnavailable(StackDefinition stack, string where, List<string> errors)
    {
        StackChecks.NotNegative("MaxUnavailable", s => s.MaxUnavailable)(stack, where, errors);
        if (stack.MaxSurge == 0 && stack.MaxUnavailable == 0)
        {
            errors.Add($"{where}: MaxSurge and MaxUnavailable cannot both be 0 (a rolling update could never make progress)");
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,62})$")]
    private static partial Regex NamePattern();
}
