using System.Text.Json.Nodes;

namespace ElasticCI.Pipelines;

/// <summary>One plugin: its source as written (<c>docker#v5.0.0</c>) and its configuration (null when none).</summary>
internal sealed record PluginSpec(string Source, JsonNode? Config);
