using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>The jobs a pipeline expands to, or the errors that stop it (unknown depends_on, duplicate keys, limits).</summary>
internal sealed record BuildPlan(IReadOnlyList<PlannedJob> Jobs, IReadOnlyList<PipelineError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Steps whose <c>if</c>/<c>branches</c> excluded them, in source order.</summary>
    public IReadOnlyList<OmittedStep> Omitted { get; init; } = [];
}
