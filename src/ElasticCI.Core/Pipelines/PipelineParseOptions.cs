namespace ElasticCI.Pipelines;

/// <summary>How to read a pipeline upload.</summary>
/// <param name="Environment">
/// The upload environment for <c>$VAR</c> interpolation (the uploading job's env); null turns interpolation off, as
/// <c>pipeline upload --no-interpolation</c> does.
/// </param>
internal sealed record PipelineParseOptions(IReadOnlyDictionary<string, string>? Environment)
{
    public static PipelineParseOptions NoInterpolation { get; } = new(Environment: null);
}
