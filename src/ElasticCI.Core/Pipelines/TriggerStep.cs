namespace ElasticCI.Pipelines;

/// <summary>A <c>trigger</c> step: creates a build of another pipeline.</summary>
/// <param name="Pipeline">Slug of the pipeline to build.</param>
/// <param name="Async">True: pass once the build is created; false: wait for it and mirror its result.</param>
internal sealed record TriggerStep(int Line, int Column, string Pipeline, bool Async, TriggerBuild Build, SoftFail SoftFail) : PipelineStep(Line, Column);
