namespace ElasticCI.Pipelines;

/// <summary>A parsed pipeline document: top-level <c>env</c> and <c>agents</c>, and the steps in order.</summary>
internal sealed record PipelineDefinition(
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> Agents,
    IReadOnlyList<PipelineStep> Steps);
