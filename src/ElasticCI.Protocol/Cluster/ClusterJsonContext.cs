using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElasticCI.Protocol.Cluster;

/// <summary>Source-generated JSON metadata for the cluster endpoint and the readiness probe.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(ClusterDto))]
[JsonSerializable(typeof(ProblemDto))]
public sealed partial class ClusterJsonContext : JsonSerializerContext;
