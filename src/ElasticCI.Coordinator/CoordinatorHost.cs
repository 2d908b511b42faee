using System.Text.Json.Serialization.Metadata;
using ElasticCI.Cluster;
using ElasticCI.Compute;
using ElasticCI.Coordinator.Api;
using ElasticCI.Coordinator.Artifacts;
using ElasticCI.Coordinator.Composition;
using ElasticCI.Coordinator.Hosting;
using ElasticCI.Coordinator.Dashboard;
using ElasticCI.Coordinator.Security;
using ElasticCI.Coordinator.Validation;
using ElasticCI.Protocol;
using ElasticCI.Coordinator.Secrets;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        cancellationToken.ThrowIfCancellationRequested();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "ElasticCI.Coordinator", Args = [] });
        // The caller's registrations first: the coordinator's own defaults are TryAdd, so a caller's console or clock wins,
        // and the providers it adds join the local one.
        services?.Invoke(builder.Services);
        var dataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(options.DataDirectory) ? "." : options.DataDirectory);
        builder.Services.AddLocalCompute(dataDirectory, options.AgentCommand);
        var providers = ComputeProviderCatalogs.From(builder.Services);
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
        // Before anything is written: an artifact bucket that does not answer stops the start (exit 2), changing nothing.
        IArtifactStore artifacts;
        try
        {
            artifacts = await ArtifactStores.OpenAsync(options.Artifacts, dataDirectory, cancellationToken);
        }
        catch (ArtifactStoreUnavailableException ex)
        {
            throw new OptionsValidationException(nameof(CoordinatorOptions), typeof(CoordinatorOptions), [ex.Message]);
        }
        DataDirectoryModes.Enforce(dataDirectory);
        // The backends, each by its own registration call: the store the Store setting names, the secret stores. A
        // PostgreSQL URL registers the shared store, which also writes the tokens every replica shares into the data
        // directory before they are read below; the store raises the caller's cluster signal when there is one.
        var signal = builder.Services.LastOrDefault(d => d.ServiceType == typeof(IClusterSignal))?.ImplementationInstance as IClusterSignal
            ?? new InProcessClusterSignal();
        if (!await PostgresStoreSelection.TryAddAsync(builder.Services, options.Store, dataDirectory, signal, cancellationToken))
        {
            CoordinatorStores.Add(builder.Services, options, dataDirectory);
        }
        var tokens = TokenFiles.LoadOrCreate(dataDirectory);
        builder.Services.AddSingleton(ScopedAgentTokens.LoadOrCreate(dataDirectory, options.AgentTokens));
        builder.Services.AddLocalSecrets(Path.Combine(dataDirectory, SecretsDirectory)).AddS3Secrets();
        builder.Services.AddElasticCICoordinator(options, dataDirectory, tokens);

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

        RegisterCluster(builder.Services, options);
        // A factory registration, so the container disposes an S3 client on shutdown.
        builder.Services.AddSingleton(_ => artifacts);

        var app = builder.Build();
        // Opened now, as the host is built: a database that cannot be opened or migrated, or a bad master key for a
        // stack's client-side encryption, stops the start rather than the first request or job.
        app.Services.GetRequiredService<IBuildStore>();
        app.Services.GetRequiredService<JobSecretStores>();
        app.UseStoppingRequests(app.Lifetime);
        return Configure(app);
    }

    /// <summary>Replica identity, leadership (alone on SQLite: always the leader), the gate of once-only duties.</summary>
    /// <remarks>Each store registers its own readiness check (<c>AddSqliteStore</c>; PostgreSQL with its cluster backend).</remarks>
    private static void RegisterCluster(IServiceCollection services, CoordinatorOptions options)
    {
        var replica = new ReplicaIdentity(options.ReplicaId ?? ReplicaIds.Create(System.Net.Dns.GetHostName()));
        services.TryAddSingleton(replica);
        services.TryAddSingleton<ILeadership>(new SoleLeadership(replica.Id));
        services.AddSingleton<LeaderGate>();
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
        app.MapProbeEndpoints();
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
        api.MapClusterEndpoints();
        return app;
    }
}
