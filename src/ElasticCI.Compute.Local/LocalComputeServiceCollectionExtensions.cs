using ElasticCI.Compute;
using ElasticCI.Compute.Local;
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
        // A sandboxed stack needs root and bubblewrap here; without them it does not start (the message says how to get them).
        services.AddSingleton(new ComputeProviderRegistration(LocalComputeProvider.ProviderName,
            stack => stack.Isolation == StackIsolation.Sandbox
                ? ElasticCI.Compute.Local.Sandbox.SandboxSupport.Problem(stack.Name)
                    ?? (stack.Docker.Engine == StackDockerEngines.Rootless ? ElasticCI.Compute.Local.Sandbox.EngineSupport.Problem(stack.Name) : null)
                : null));
        services.AddSingleton<IComputeProvider, LocalComputeProvider>();
        return services;
    }
}
