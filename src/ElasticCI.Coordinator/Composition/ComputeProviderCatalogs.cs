using ElasticCI.Compute;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Coordinator.Composition;

/// <summary>The compute providers a coordinator knows: those registered in its service collection.</summary>
internal static class ComputeProviderCatalogs
{
    /// <summary>
    /// The providers every coordinator registers (<see cref="CoordinatorHost"/> adds <c>local</c>), for reading an
    /// <c>elastic-ci.yml</c> before the host exists (the CLI's <c>up</c>/<c>server</c>).
    /// </summary>
    public static ComputeProviderCatalog BuiltIn { get; } = From(new ServiceCollection().AddLocalCompute(".", []));

    /// <summary>The providers registered in <paramref name="services"/> so far.</summary>
    public static ComputeProviderCatalog From(IServiceCollection services)
        => new(services.Where(d => d.ServiceType == typeof(ComputeProviderRegistration)).Select(d => (ComputeProviderRegistration)d.ImplementationInstance!));
}
