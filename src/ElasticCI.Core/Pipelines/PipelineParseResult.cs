namespace ElasticCI.Pipelines;

/// <summary>The outcome of parsing: a pipeline when there were no errors, otherwise every error found.</summary>
internal sealed record PipelineParseResult(PipelineDefinition? Pipeline, IReadOnlyList<PipelineError> Errors)
{
    public bool Succeeded => Pipeline is not null && Errors.Count == 0;
}
