namespace ElasticCI.Pipelines;

/// <summary>One entry of <c>steps</c>; <see cref="Line"/> and <see cref="Column"/> point at it in the source (1-based).</summary>
internal abstract record PipelineStep(int Line, int Column)
{
    /// <summary>Attributes every step type shares (key, depends_on, if, branches, skip…).</summary>
    public StepCommon Common { get; init; } = StepCommon.Empty;
}
