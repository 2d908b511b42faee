using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElasticCI.Protocol.Metrics;

/// <summary>Source-generated JSON metadata for the Buildkite-shaped metrics API (lower-case keys, as Buildkite's).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(BuildkiteMetricsDto))]
public sealed partial class MetricsJsonContext : JsonSerializerContext;
