using ElasticCI.Stacks;
using static ElasticCI.Compute.ProviderStackSetting;

namespace ElasticCI.Compute.Local.Settings;

/// <summary>
/// The stack settings the <c>local</c> provider declares (docs/configuration.md, "Provider settings"), each once: name,
/// default, meaning and how it is read; its rules for a stack; and the settings baked into an instance. Each may be
/// written at the stack's top level (the original parameters' place) or under <c>ProviderSettings: {local: {...}}</c>.
/// </summary>
internal static class LocalProviderSettings
{
    public const string Isolation = "Isolation";
    public const string ExperimentalEnableResourceLimits = "ExperimentalEnableResourceLimits";
    public const string ResourceLimitsMemoryMax = "ResourceLimitsMemoryMax";
    public const string ResourceLimitsCPUQuota = "ResourceLimitsCPUQuota";
    public const string ResourceLimitsTasksMax = "ResourceLimitsTasksMax";
    public const string DockerEngine = "DockerEngine";
    public const string EnableDockerUserNamespaceRemap = "EnableDockerUserNamespaceRemap";
    public const string EnableDockerExperimental = "EnableDockerExperimental";
    public const string DockerNetworkingProtocol = "DockerNetworkingProtocol";
    public const string EnableDockerLoginPlugin = "EnableDockerLoginPlugin";

    public static IReadOnlyList<ProviderStackSetting> All { get; } =
    [
        Text(Isolation, "How local instances are kept from the control plane: sandbox (own user, namespaces) or none.", StackIsolation.Sandbox, lowerCase: true),
        Boolean(ExperimentalEnableResourceLimits, "Local instances run in their own cgroup with the ResourceLimits* limits (cgroup v1 memory, cpu and pids controllers, as root).", false),
        Text(ResourceLimitsMemoryMax, "Memory of one instance: N% of the host's, bytes[KMGT] or infinity; past it the kernel kills a process of the instance.", "90%"),
        Text(ResourceLimitsCPUQuota, "CPU of one instance as N% of one CPU (200% = two), or infinity.", "90%"),
        Text(ResourceLimitsTasksMax, "Processes and threads of one instance at once, or infinity (contains fork bombs).", "4096"),
        Text(DockerEngine, "The container engine each local instance gets: rootless (a rootless dockerd as the instance's user) or none.", StackDockerEngines.None, lowerCase: true),
        Boolean(EnableDockerUserNamespaceRemap, "Container root is an unprivileged user on the host (always so with a rootless engine).", true),
        Boolean(EnableDockerExperimental, "The engine and the jobs' docker CLI run with experimental features.", false),
        Text(DockerNetworkingProtocol, "IP versions containers get: ipv4 or dualstack.", StackDockerNetworking.Ipv4, lowerCase: true),
        Boolean(EnableDockerLoginPlugin, "Log the engine in from DOCKER_LOGIN_USER/PASSWORD/SERVER before each command.", true),
    ];

    public static ProviderStackSetting Find(string name) => All.First(s => s.Name == name);

    /// <summary>The provider's rules for a stack that names it; each problem is added, none stops the others.</summary>
    public static void Validate(StackDefinition stack, string where, List<string> errors)
    {
        var settings = LocalStackSettings.Of(stack);
        if (!StackIsolation.All.Contains(settings.Isolation, StringComparer.Ordinal))
        {
            errors.Add($"{where}: Isolation '{settings.Isolation}' is not known (known: {string.Join(", ", StackIsolation.All)})");
        }
        // Every limit value is checked whether or not limits are enabled, so a typo is caught early.
        _ = StackResourceLimits.Parse(settings, where, errors);
        StackDockerRules.Engine(settings, where, errors);
        StackDockerRules.NetworkingProtocol(settings, where, errors);
        LocalProviderStackRules.Check(stack, where, errors);
    }

    /// <summary>The settings baked into a local instance at launch; resource limits only while they are on.</summary>
    public static IEnumerable<(string Name, string Value)> InstanceFields(StackProviderSettings values)
    {
        string Text(string name) => values[name] ?? Find(name).Default;
        yield return (Isolation, Text(Isolation));
        var limits = Text(ExperimentalEnableResourceLimits) == "true";
        yield return (ExperimentalEnableResourceLimits, limits ? "true" : "");
        yield return (ResourceLimitsMemoryMax, limits ? Text(ResourceLimitsMemoryMax) : "");
        yield return (ResourceLimitsCPUQuota, limits ? Text(ResourceLimitsCPUQuota) : "");
        yield return (ResourceLimitsTasksMax, limits ? Text(ResourceLimitsTasksMax) : "");
        yield return (DockerEngine, Text(DockerEngine));
        yield return (EnableDockerExperimental, Text(EnableDockerExperimental));
        yield return (DockerNetworkingProtocol, Text(DockerNetworkingProtocol));
        // The agents get --no-docker-login at launch; only "false" is a field, so instances of the default keep their revision.
        yield return (EnableDockerLoginPlugin, Text(EnableDockerLoginPlugin) == "false" ? "false" : "");
    }
}
