namespace ElasticCI.Pipelines;

/// <summary>A <c>wait</c> barrier: later steps run only after every earlier step finished (and passed, unless <see cref="ContinueOnFailure"/>).</summary>
internal sealed record WaitStep(int Line, int Column, bool ContinueOnFailure) : PipelineStep(Line, Column);
