using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ElasticCI.Storage.Relational;

/// <summary>The registration every relational store shares: the one store instance behind each store interface of Core.</summary>
internal static class RelationalStoreServices
{
    /// <summary>
    /// Registers the <typeparamref name="TStore"/> singleton (registered by the caller) under every store interface
    /// <see cref="RelationalStore"/> serves. With <paramref name="replace"/> false a store interface registered before wins
    /// (TryAdd); with true this store does (the last registration is the one resolved).
    /// </summary>
    public static IServiceCollection AddRelationalStoreInterfaces<TStore>(this IServiceCollection services, bool replace)
        where TStore : RelationalStore
    {
        Add<IBuildStore>();
        Add<IJobStore>();
        Add<IAgentStore>();
        Add<IAgentDirectory>();
        Add<IFleetStore>();
        Add<ISpotStore>();
        Add<IRegistrationCredentialStore>();
        Add<IJobDataStore>();
        Add<IMetricsStore>();
        Add<IJobTimingsStore>();
        Add<IPipelineStore>();
        Add<IPipelineGrantStore>();
        Add<INotificationStore>();
        Add<IStepStore>();
        Add<ISecretsAuditStore>();
        Add<IRolloutStore>();
        return services;

        void Add<TService>()
            where TService : class
        {
            var descriptor = ServiceDescriptor.Singleton<TService>(sp => (TService)(object)sp.GetRequiredService<TStore>());
            if (replace)
            {
                services.Add(descriptor);
            }
            else
            {
                services.TryAdd(descriptor);
            }
        }
    }
}
