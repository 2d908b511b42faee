namespace ElasticCI.Storage;

/// <summary>A stored build with its jobs in step order.</summary>
internal sealed record BuildRecord(
    string Id,
    string PipelineSlug,
    int Number,
    string State,
    string Branch,
    string Commit,
    string Message,
    IReadOnlyDictionary<string, string> Env,
    bool CancelRequested,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<JobRecord> Jobs)
{
    /// <summary>Repository the build checks out (<c>BUILDKITE_REPO</c>); empty when none.</summary>
    public string Repository { get; init; } = "";

    /// <summary>The pipeline YAML the build was created from (a rebuild plans it again).</summary>
    public string SourceYaml { get; init; } = "";

    /// <summary>Source, tag, pull request and pipeline name the build was created with.</summary>
    public Builds.BuildOrigin Origin { get; init; } = Builds.BuildOrigin.Api;

    /// <summary>The build's top-level <c>notify</c> entries once decided (after it finished); empty before.</summary>
    public IReadOnlyList<NotificationRecord> Notifications { get; init; } = [];
}
