using ElasticCI.Stacks;

namespace ElasticCI.Compute.Local.Settings;

/// <summary>
/// The <c>local</c> provider's settings of one stack, typed: its <see cref="StackDefinition.ProviderSettings"/> with
/// <see cref="LocalProviderSettings"/>' defaults for what it does not give (so a stack built in code gets the defaults).
/// </summary>
internal sealed record LocalStackSettings
{
    /// <summary><see cref="StackIsolation.Sandbox"/> or <see cref="StackIsolation.None"/>.</summary>
    public required string Isolation { get; init; }

    /// <summary>Each instance's process tree runs in its own cgroup with the <c>ResourceLimits*</c> limits.</summary>
    public required bool ExperimentalEnableResourceLimits { get; init; }

    public required string ResourceLimitsMemoryMax { get; init; }

    public required string ResourceLimitsCPUQuota { get; init; }

    public required string ResourceLimitsTasksMax { get; init; }

    /// <summary>The container engine each instance gets and the original's Docker parameters.</summary>
    public required StackDockerSettings Docker { get; init; }

    public bool Sandboxed => Isolation == StackIsolation.Sandbox;

    public static LocalStackSettings Of(StackDefinition stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        string Text(string name) => stack.ProviderSettings[name] ?? LocalProviderSettings.Find(name).Default;
        bool Flag(string name) => Text(name) == "true";
        return new LocalStackSettings
        {
            Isolation = Text(LocalProviderSettings.Isolation),
            ExperimentalEnableResourceLimits = Flag(LocalProviderSettings.ExperimentalEnableResourceLimits),
            ResourceLimitsMemoryMax = Text(LocalProviderSettings.ResourceLimitsMemoryMax),
            ResourceLimitsCPUQuota = Text(LocalProviderSettings.ResourceLimitsCPUQuota),
            ResourceLimitsTasksMax = Text(LocalProviderSettings.ResourceLimitsTasksMax),
            Docker = new StackDockerSettings
            {
                Engine = Text(LocalProviderSettings.DockerEngine),
                UserNamespaceRemap = Flag(LocalProviderSettings.EnableDockerUserNamespaceRemap),
                Experimental = Flag(LocalProviderSettings.EnableDockerExperimental),
                NetworkingProtocol = Text(LocalProviderSettings.DockerNetworkingProtocol),
                LoginPlugin = Flag(LocalProviderSettings.EnableDockerLoginPlugin),
            },
        };
    }
}
