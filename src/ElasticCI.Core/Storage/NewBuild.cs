using ElasticCI.Builds;

namespace ElasticCI.Storage;

/// <summary>A build to create, with its planned jobs.</summary>
internal sealed record NewBuild(
    string PipelineSlug,
    string Branch,
    string Commit,
    string Message,
    IReadOnlyDictionary<string, string> Env,
    string SourceYaml,
    IReadOnlyList<PlannedJob> Jobs)
{
    /// <summary>Repository to check out (<c>BUILDKITE_REPO</c>); empty means the pipeline's stored repository, if any.</summary>
    public string Repository { get; init; } = "";
}
