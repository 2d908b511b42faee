using ElasticCI.Coordinator.Observability;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace ElasticCI.Coordinator.Dashboard;

/// <summary>
/// The coordinator's observability in two calls: <see cref="AddDashboard"/> registers metrics (Prometheus, optional OTLP), the
/// fleet sampler, the change feed and dashboard sessions; <see cref="MapDashboard"/> maps <c>/metrics</c>, the event streams and the pages.
/// </summary>
internal static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, CoordinatorOptions options)
    {
        if (options.OtlpEndpoint is { } otlp && !(Uri.TryCreate(otlp, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw new OptionsValidationException(nameof(CoordinatorOptions), typeof(CoordinatorOptions),
                [$"OtlpEndpoint must be an http(s) URL such as http://127.0.0.1:4317, was '{otlp}'."]);
        }
        services.TryAddSingleton<ElasticCIMetrics>();
        services.TryAddSingleton<ChangeFeed>();
        services.TryAddSingleton<JobObserver>();
        services.TryAddSingleton<DashboardSessions>();
        services.TryAddSingleton<FleetSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetSampler>());
        // Count scaling actions where they are stored: the fleet store the scaler uses is wrapped, whatever registered it.
        var fleet = services.LastOrDefault(d => d.ServiceType == typeof(IFleetStore));
        if (fleet is not null)
        {
            services.Remove(fleet);
            services.AddSingleton<IFleetStore>(sp => new MeteredFleetStore(
                fleet.ImplementationInstance as IFleetStore ?? (IFleetStore)(fleet.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, fleet.ImplementationType!)),
                sp.GetRequiredService<ElasticCIMetrics>(), sp.GetRequiredService<ChangeFeed>()));
        }
        services.TryAddSingleton<IAgentDirectory>(sp => (IAgentDirectory)sp.GetRequiredService<IJobStore>());
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(ElasticCIMetrics.MeterName);
            metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            if (options.OtlpEndpoint is not null)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = new Uri(options.OtlpEndpoint);
                    exporter.Protocol = options.OtlpEndpoint.Contains(":4318", StringComparison.Ordinal) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 15_000;
                });
            }
        });
        // The gauges' meter is created with the container; make sure it exists before the first scrape.
        return services;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseMiddleware<ObservabilityMiddleware>();
        app.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(new MetricsEndpointMarker());
        app.MapEventStreams();
        app.MapDashboardData();
        if (app.Services.GetRequiredService<CoordinatorOptions>().Dashboard)
        {
            app.MapDashboardPages();
        }
        _ = app.Services.GetRequiredService<ElasticCIMetrics>();
        return app;
    }
}
