using System.Text.Json.Serialization.Metadata;
using ElasticCI.Compute;
using ElasticCI.Coordinator.Api;
using ElasticCI.Coordinator.Artifacts;
using ElasticCI.Coordinator.Dashboard;
using ElasticCI.Coordinator.Dispatch;
using ElasticCI.Coordinator.Notifications;
using ElasticCI.Coordinator.Scaling;
using ElasticCI.Coordinator.Security;
using ElasticCI.Coordinator.Validation;
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
using ElasticCI.Coordinator.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    public static Task<WebApplication> BuildAsync(CoordinatorOptions options, Action<ILoggingBuilder>? logging, CancellationToken cancellationToken)
        => BuildAsync(options, logging, null, cancellationToken);

    /// <summary>
    /// Like <see cref="BuildAsync(CoordinatorOptions, Action{ILoggingBuilder}?, CancellationToken)"/>, with the caller's registrations:
    /// they win over the coordinator's defaults (a console, a <see cref="TimeProvider"/>), and a provider added with its
    /// <see cref="ComputeProviderRegistration"/> can be named by stacks.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(
        CoordinatorOptions options, Action<ILoggingBuilder>? logging, Action<IServiceCollection>? services, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "ElasticCI.Coordinator", Args = [] });
        // The caller's registrations first: the coordinator's own defaults are TryAdd, so a caller's console or clock wins,
        // and the providers it adds join the local one.
        services?.Invoke(builder.Services);
        var dataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(options.DataDirectory) ? "." : options.DataDirectory);
        builder.Services.AddLocalCompute(dataDirectory, options.AgentCommand);
        var providers = builder.Services.Where(d => d.ServiceType == typeof(ComputeProviderRegistration))
            .Select(d => (ComputeProviderRegistration)d.ImplementationInstance!).ToList();
        // Validated before anything is written, so bad options change nothing.
        var problems = new CoordinatorOptionsValidator(providers).Validate(null, options);
        if (problems.Failed)
        {
            throw new OptionsValidationException(nameof(CoordinatorOptions), typeof(CoordinatorOptions), problems.Failures);
        }
        if (!CoordinatorOptionsValidator.TryParseListen(options.Listen, out var host, out var port))
        {
            throw new InvalidOperationException($"Listen must be HOST:PORT, was '{options.Listen}'.");
        }
        DataDirectoryModes.Enforce(dataDirectory);
        var tokens = TokenFiles.LoadOrCreate(dataDirectory);
        // The store raises the signal after each write observers wait for (long-polls, scaler loops).
        var signal = new InProcessClusterSignal();
        var store = await SqliteStore.OpenAsync($"Data Source={Path.Combine(dataDirectory, DatabaseFile)};Pooling=false", signal, cancellationToken);

        if (logging is not null)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = RequestLimits.MaxRequestBodyBytes;
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

        Register(builder.Services, options, dataDirectory, tokens, store, signal);

        var app = builder.Build();
        app.UseStoppingRequests(app.Lifetime);
        return Configure(app);
    }

    private static void Register(IServiceCollection services, CoordinatorOptions options, string dataDirectory, TokenFiles tokens, SqliteStore store, IClusterSignal signal)
    {
        services.AddSingleton(options);
        services.AddSingleton<IOptions<CoordinatorOptions>>(Options.Create(options));
        services.AddSingleton(tokens);
        services.TryAddSingleton(TimeProvider.System);
        // A factory registration, so the container disposes (closes) the store on shutdown.
        services.AddSingleton(_ => store);
        services.AddSingleton<IBuildStore>(store);
        services.AddSingleton<IJobStore>(store);
        services.AddSingleton<IAgentStore>(store);
        services.AddSingleton<IFleetStore>(store);
        services.AddSingleton<ISpotStore>(store);
        services.AddSingleton<IRegistrationCredentialStore>(store);
        services.AddSingleton<IJobDataStore>(store);
        services.AddSingleton<IMetricsStore>(store);
        services.AddSingleton<IJobTimingsStore>(store);
        services.AddSingleton<IPipelineStore>(store);
        services.AddSingleton<INotificationStore>(store);
        services.AddSingleton<ISecretsAuditStore>(store);
        services.AddSingleton<IStepStore>(store);
        services.AddSingleton(new LocalArtifactStore(Path.Combine(dataDirectory, "artifacts")));
        var secrets = new LocalSecretStore(new LocalSecretStoreOptions { Directory = Path.Combine(dataDirectory, SecretsDirectory) });
        services.AddSingleton<ISecretStore>(secrets);
        // Built now, so a bad master key for SecretsClientSideEncryption stops the start, not the first job; the local
        // store's master key file also envelope-encrypts those buckets. A factory registration, so it is disposed.
        var jobSecretStores = new JobSecretStores(secrets, options.Stacks, Path.Combine(dataDirectory, SecretsDirectory) + ".master.key");
        services.AddSingleton(_ => jobSecretStores);
        services.AddSingleton<IClusterSignal>(signal);
        services.AddSingleton<Dispatcher>();
        services.AddSingleton<CoordinatorAddress>();
        services.AddSingleton(new StackRegistry(options.Stacks, options.MaxInstances));
        services.AddSingleton<IRolloutStore>(store);
        services.AddSingleton<StackConfigReloader>();
        services.AddSingleton<RollingUpdater>();
        services.AddSingleton<InstanceBudget>();
        services.AddSingleton<Metrics.BuildkiteMetricsClient>();
        services.AddSingleton<Metrics.DemandReader>();
        services.AddSingleton<FleetManager>();
        services.AddSingleton<TriggerRunner>();
        services.AddHostedService<AgentReaperService>();
        services.AddSingleton(sp => new WebhookSender(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10)));
        services.AddHostedService<NotificationService>();
        services.AddSingleton<ScalerService>();
        services.AddHostedService(sp => sp.GetRequiredService<ScalerService>());
        services.AddHostedService<InstanceReconcileService>();
        services.AddHostedService<InstanceHealthService>();
        services.AddSingleton<SpotInterruptions>();
        services.AddHostedService(sp => sp.GetRequiredService<SpotInterruptions>());
        services.AddHostedService<ConfigReloadService>();
        services.TryAddSingleton(new CoordinatorConsole(Console.Out, Console.Error));
        // A lifecycle service: its Stopping step runs before any hosted service (the HTTP server included) stops.
        services.AddHostedService<CoordinatorShutdown>();
        services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddDashboard(options);
    }

    private static WebApplication Configure(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            app.Services.GetRequiredService<CoordinatorAddress>().Set(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        });
        app.UseProblemStatusCodes();
        app.MapDashboard();
        app.MapGet("/health", () => TypedResults.Text("ok")).WithName("Health");
        // Every API endpoint refuses control characters (NUL...) in its fields: see Validation/ControlCharacterFilter.
        var api = app.MapCheckedRoot();
        api.MapBuildEndpoints();
        api.MapPipelineEndpoints();
        api.MapJobEndpoints();
        api.MapStackEndpoints();
        api.MapAgentEndpoints();
        api.MapJobDataEndpoints();
        api.MapSecretEndpoints();
        api.MapMetricsEndpoints();
        api.MapStackApplyEndpoints();
        api.MapJobTimingsEndpoints();
        api.MapTokenEndpoints();
        return app;
    }
}
