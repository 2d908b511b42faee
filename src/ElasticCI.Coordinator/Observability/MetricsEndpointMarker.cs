namespace ElasticCI.Coordinator.Observability;

/// <summary>Endpoint metadata on <c>/metrics</c>, so <see cref="ObservabilityMiddleware"/> can apply its access rule.</summary>
internal sealed class MetricsEndpointMarker;
