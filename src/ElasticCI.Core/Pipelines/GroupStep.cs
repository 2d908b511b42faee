namespace ElasticCI.Pipelines;

/// <summary>A <c>group</c>: a named list of non-group steps that others can depend on by the group's key.</summary>
internal sealed record GroupStep(int Line, int Column, IReadOnlyList<PipelineStep> Steps) : PipelineStep(Line, Column);
