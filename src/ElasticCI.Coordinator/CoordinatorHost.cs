using System.Text.Json.Serialization.Metadata;
using ElasticCI.Compute;
using ElasticCI.Compute.Local;
using ElasticCI.Coordinator.Api;
using ElasticCI.Coordinator.Artifacts;
using ElasticCI.Coordinator.Dashboard;
using ElasticCI.Coordinator.Dispatch;
using ElasticCI.Coordinator.Notifications;
using ElasticCI.Coordinator.Scaling;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
using ElasticCI.Coordinator.Secrets;
using ElasticCI.Secrets;
using ElasticCI.Storage;
using ElasticCI.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator;

/// <summary>Composition root of the coordinator: store, dispatcher, scaler, providers and the HTTP API in one host.</summary>
internal static class CoordinatorHost
{
    public const string DatabaseFile = "elastic-ci.db";

    /// <summary>The local secret store's directory under the data directory; its master key sits next to it (secrets.master.key).</summary>
    public const string SecretsDirectory = "secrets";

    /// <summary>Builds the coordinator; validation of <paramref name="options"/> fails the start with every problem listed.</summary>
    public static async Task<WebApplication> BuildAsync(CoordinatorOptions options, Action<ILoggingBuilder>? logging, CancellationToken cancellationToken)
    {
        var problems = new CoordinatorOptionsValidator().Validate(null, options);
        if (problems.Failed)
        {
            throw new OptionsValidationException(nameof(CoordinatorOptions), typeof(CoordinatorOptions), problems.Failures);
        }
        if (!CoordinatorOptionsValidator.TryParseListen(options.Listen, out var host, out var port))
        {
            throw new InvalidOperationException($"Listen must be HOST:PORT, was '{options.Listen}'.");
        }
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        var tokens = TokenFiles.LoadOrCreate(dataDirectory);
        var store = await SqliteStore.OpenAsync($"Data Source={Path.Combine(dataDirectory, DatabaseFile)};Pooling=false", cancellationToken);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "ElasticCI.Coordinator", Args = [] });
        if (logging is not null)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
            if (host is "localhost")
            {
                k.ListenLocalhost(port);
            }
            else
            {
                k.Listen(System.Net.IPAddress.Parse(host), port);
            }
        });
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, JsonTypeInfoResolver.Combine(ProtocolJsonContext.Default, Protocol.Metrics.MetricsJsonContext.Default, Protocol.Stacks.StackConfigJsonContext.Default)));

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton<IOptions<CoordinatorOptions>>(Options.Create(options));
        services.AddSingleton(tokens);
        services.AddSingleton(TimeProvider.System);
        // A factory registration, so the container disposes (closes) the store on shutdown.
        services.AddSingleton(_ => store);
        services.AddSingleton<IBuildStore>(store);
        services.AddSingleton<IJobStore>(store);
        services.AddSingleton<IAgentStore>(store);
        services.AddSingleton<IFleetStore>(store);
        services.AddSingleton<ISpotStore>(store);
        services.AddSingleton<IJobDataStore>(store);
        services.AddSingleton<IMetricsStore>(store);
        services.AddSingleton<IJobTimingsStore>(store);
        services.AddSingleton<IPipelineStore>(store);
        services.AddSingleton<INotificationStore>(store);
        services.AddSingleton(new LocalArtifactStore(Path.Combine(dataDirectory, "artifacts")));
        var secrets = new LocalSecretStore(new LocalSecretStoreOptions { Directory = Path.Combine(dataDirectory, SecretsDirectory) });
        services.AddSingleton<ISecretStore>(secrets);
        // Built now, so a bad master key for SecretsClientSideEncryption stops the start, not the first job; the local
        // store's master key file also envelope-encrypts those buckets. A factory registration, so it is disposed.
        var jobSecretStores = new JobSecretStores(secrets, options.Stacks, Path.Combine(dataDirectory, SecretsDirectory) + ".master.key");
        services.AddSingleton(_ => jobSecretStores);
        services.AddSingleton<ClusterSignal>();
        services.AddSingleton<CoordinatorAddress>();
        services.AddSingleton(new StackRegistry(options.Stacks, options.MaxInstances));
        services.AddSingleton<IRolloutStore>(store);
        services.AddSingleton<StackConfigReloader>();
        services.AddSingleton<RollingUpdater>();
        services.AddSingleton<InstanceBudget>();
        services.AddSingleton<Metrics.BuildkiteMetricsClient>();
        services.AddSingleton<Metrics.DemandReader>();
        services.AddSingleton(new LocalProviderOptions { DataDirectory = dataDirectory, AgentCommand = options.AgentCommand });
        services.AddSingleton<IComputeProvider, LocalComputeProvider>();
        services.AddSingleton<FleetManager>();
        services.AddSingleton<TriggerRunner>();
        services.AddHostedService<AgentReaperService>();
        services.AddSingleton(sp => new WebhookSender(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10)));
        services.AddHostedService<NotificationService>();
        services.AddSingleton<ScalerService>();
        services.AddHostedService(sp => sp.GetRequiredService<ScalerService>());
        services.AddHostedService<InstanceHealthService>();
        services.AddSingleton<SpotInterruptions>();
        services.AddHostedService(sp => sp.GetRequiredService<SpotInterruptions>());
        services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddDashboard(options);

        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            app.Services.GetRequiredService<CoordinatorAddress>().Set(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        });
        app.MapDashboard();
        app.MapGet("/health", () => TypedResults.Text("ok")).WithName("Health");
        app.MapBuildEndpoints();
        app.MapPipelineEndpoints();
        app.MapJobEndpoints();
        app.MapStackEndpoints();
        app.MapAgentEndpoints();
        app.MapJobDataEndpoints();
        app.MapSecretEndpoints();
        app.MapMetricsEndpoints();
        app.MapStackApplyEndpoints();
        app.MapJobTimingsEndpoints();
        return app;
    }
}
