using ElasticCI.Compute;
using ElasticCI.Compute.Local;
using ElasticCI.Compute.Local.Settings;
using ElasticCI.Stacks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The <c>local</c> compute provider's one registration entry point; everything else in this assembly is internal.</summary>
public static class LocalComputeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <c>local</c> provider: each instance is a process tree under <paramref name="dataDirectory"/>/instances,
    /// running <paramref name="agentCommand"/> (the command that runs <c>elastic-ci</c>) with <c>agent start ...</c> appended.
    /// </summary>
    public static IServiceCollection AddLocalCompute(this IServiceCollection services, string dataDirectory, IReadOnlyList<string> agentCommand)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new LocalProviderOptions { DataDirectory = dataDirectory, AgentCommand = agentCommand });
        // The provider's stack settings (Isolation, ResourceLimits*, Docker*) are declared and validated here. A sandboxed
        // stack needs root and bubblewrap here, resource limits need root and the cgroup v1 controllers, a container engine
        // its packages and /dev/net/tun; without them the stack does not start (the message says how to get them or opt out).
        services.AddSingleton(new ComputeProviderRegistration(LocalComputeProvider.ProviderName, CheckHost)
        {
            Settings = LocalProviderSettings.All,
            Validate = LocalProviderSettings.Validate,
            InstanceFields = LocalProviderSettings.InstanceFields,
        });
        services.AddSingleton<IComputeProvider, LocalComputeProvider>();
        return services;
    }

    private static string? CheckHost(StackDefinition stack)
    {
        var settings = LocalStackSettings.Of(stack);
        var problems = new[]
        {
            settings.Sandboxed ? ElasticCI.Compute.Local.Sandbox.SandboxSupport.Problem(stack.Name) : null,
            settings.ExperimentalEnableResourceLimits ? ElasticCI.Compute.Local.Cgroups.InstanceCgroup.Problem(stack.Name) : null,
            settings.Sandboxed && settings.Docker.Engine == StackDockerEngines.Rootless
                ? ElasticCI.Compute.Local.Sandbox.EngineSupport.Problem(stack.Name) : null,
        };
        return problems.Any(p => p is not null) ? string.Join(" ", problems.Where(p => p is not null)) : null;
    }
}
