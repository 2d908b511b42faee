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

    /// <summary>Source, tag, pull request and pipeline name; stored with the build.</summary>
    public BuildOrigin Origin { get; init; } = BuildOrigin.Api;

    /// <summary>The build's id and number when the caller reserved them (to interpolate its pipeline); null: the store assigns them.</summary>
    public (string Id, long Number)? Identity { get; init; }
}
