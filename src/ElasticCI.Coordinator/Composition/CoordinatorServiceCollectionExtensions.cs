using ElasticCI.Compute;
using ElasticCI.Coordinator.Artifacts;
using ElasticCI.Coordinator.Dashboard;
using ElasticCI.Coordinator.Dispatch;
using ElasticCI.Coordinator.Hosting;
using ElasticCI.Coordinator.Notifications;
using ElasticCI.Coordinator.Scaling;
using ElasticCI.Coordinator.Secrets;
using ElasticCI.Coordinator.Security;
using ElasticCI.Secrets;
using ElasticCI.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Composition;

/// <summary>
/// The coordinator's own services (dispatch, scaling, notifications, the dashboard, the hosted loops) over whatever store,
/// secret store and compute providers were registered with their own <c>Add*</c> call: <c>AddSqliteStore</c>,
/// <c>AddLocalSecrets</c> + <c>AddS3Secrets</c>, <c>AddLocalCompute</c>. <see cref="CoordinatorHost"/> is the composition of these.
/// </summary>
internal static class CoordinatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the coordinator for <paramref name="options"/> (already validated) with its data in <paramref name="dataDirectory"/>.
    /// Defaults use TryAdd (the clock, the console, the cluster signal), so a caller's earlier registration wins.
    /// </summary>
    public static IServiceCollection AddElasticCICoordinator(this IServiceCollection services, CoordinatorOptions options, string dataDirectory, TokenFiles tokens)
    {
        ArgumentNullException.ThrowIfNull(options);
        // IOptions<CoordinatorOptions> validated by the validator (which knows the registered providers), also at start.
        services.AddOptions<CoordinatorOptions>().ValidateOnStart();
        services.TryAddSingleton<IOptionsFactory<CoordinatorOptions>>(sp => new ValidatedOptionsFactory<CoordinatorOptions>(options, sp.GetServices<IValidateOptions<CoordinatorOptions>>()));
        services.TryAddSingleton(sp => new ComputeProviderCatalog(sp.GetServices<ComputeProviderRegistration>()));
        services.AddSingleton<IValidateOptions<CoordinatorOptions>>(sp => new CoordinatorOptionsValidator(sp.GetRequiredService<ComputeProviderCatalog>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<CoordinatorOptions>>().Value);
        services.TryAddSingleton(tokens);
        services.TryAddSingleton(sp => new AgentRegistrationToken(sp.GetRequiredService<TokenFiles>(), sp.GetService<ISharedTokenRotation>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SharedScopedAgentTokens(sp.GetRequiredService<ScopedAgentTokens>(), sp.GetService<ISharedTokenStore>(),
            sp.GetService<ISharedTokenRotation>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IClusterSignal, InProcessClusterSignal>();
        services.TryAddSingleton<IArtifactStore>(new LocalArtifactStore(Path.Combine(dataDirectory, "artifacts")));
        // A factory registration, so it is disposed; resolved by the host right after it is built, so a bad master key for
        // SecretsClientSideEncryption stops the start, not the first job. The local store's master key file also
        // envelope-encrypts those buckets.
        services.TryAddSingleton(sp => new JobSecretStores(sp.GetRequiredService<ISecretStore>(), sp.GetRequiredService<S3SecretStoreFactory>(),
            options.Stacks, Path.Combine(dataDirectory, CoordinatorHost.SecretsDirectory) + ".master.key"));
        services.TryAddSingleton<Dispatcher>();
        services.TryAddSingleton<ScheduledQueuesProbe>();
        services.TryAddSingleton<CoordinatorAddress>();
        // With their providers' setting defaults, so a stack built in code has the revision the same stack parsed has.
        services.TryAddSingleton(sp => new StackRegistry(options.Stacks.Select(sp.GetRequiredService<ComputeProviderCatalog>().Complete), options.MaxInstances));
        services.TryAddSingleton<StackConfigReloader>();
        services.TryAddSingleton<RollingUpdater>();
        services.TryAddSingleton<InstanceBudget>();
        services.TryAddSingleton<Metrics.BuildkiteMetricsClient>();
        services.TryAddSingleton<Metrics.DemandReader>();
        services.TryAddSingleton<FleetManager>();
        // Fencing of provider calls across a leader change; checked at start against the lease (a bad value stops the start).
        services.AddOptions<LaunchFenceOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LaunchFenceOptions>, LaunchFenceOptionsValidator>());
        services.TryAddSingleton<TriggerRunner>();
        services.TryAddSingleton(sp => new WebhookSender(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10)));
        services.TryAddSingleton<ScalerService>();
        services.TryAddSingleton<SpotInterruptions>();
        services.TryAddSingleton(new CoordinatorConsole(Console.Out, Console.Error));
        AddLoops(services);
        services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddDashboard(options);
        return services;
    }

    /// <summary>The hosted services, in start order; TryAddEnumerable keeps a second call from adding them twice.</summary>
    private static void AddLoops(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AgentReaperService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, NotificationService>());
        services.AddHostedService(sp => sp.GetRequiredService<ScalerService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InstanceReconcileService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InstanceHealthService>());
        services.AddHostedService(sp => sp.GetRequiredService<SpotInterruptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConfigReloadService>());
        // A lifecycle service: its Stopping step runs before any hosted service (the HTTP server included) stops.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CoordinatorShutdown>());
    }
}
