using System.Text.Json.Nodes;

namespace ElasticCI.Pipelines;

/// <summary>A parsed pipeline document: top-level <c>env</c> and <c>agents</c>, and the steps in order.</summary>
internal sealed record PipelineDefinition(
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> Agents,
    IReadOnlyList<PipelineStep> Steps)
{
    /// <summary>Top-level <c>notify</c> exactly as written (a JSON array), or null when absent; not interpreted here.</summary>
    public JsonNode? Notify { get; init; }

    /// <summary>Top-level <c>priority</c>: the default job priority for steps that set none.</summary>
    public int? Priority { get; init; }
}
