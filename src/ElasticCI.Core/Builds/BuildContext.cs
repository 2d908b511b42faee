namespace ElasticCI.Builds;

/// <summary>What <c>if</c> conditions and <c>branches</c> filters are evaluated against when a pipeline is planned.</summary>
internal sealed record BuildContext
{
    public static BuildContext Empty { get; } = new();

    /// <summary>The context of a stored build (for steps uploaded into it and for its notifications); <see cref="State"/> and <see cref="Source"/> are left to the caller.</summary>
    public static BuildContext Of(Storage.BuildRecord build) => new()
    {
        Id = build.Id,
        Number = build.Number,
        Branch = build.Branch,
        Commit = build.Commit,
        Message = build.Message,
        PipelineSlug = build.PipelineSlug,
        Repository = build.Repository,
        Env = build.Env,
        Tag = build.Origin.Tag,
        PullRequest = build.Origin.PullRequest,
        Source = build.Origin.Source,
    };

    public string Branch { get; init; } = "";

    public string Commit { get; init; } = "";

    public string Message { get; init; } = "";

    public long Number { get; init; }

    public string Id { get; init; } = "";

    /// <summary>The tag being built, or null when the build is not for a tag.</summary>
    public string? Tag { get; init; }

    /// <summary>The build's state, read by <c>build.state</c>; known only when <c>notify</c> conditions are evaluated (null while planning).</summary>
    public string? State { get; init; }

    /// <summary>What started the build: <c>ui</c>, <c>api</c>, <c>webhook</c>, <c>trigger_job</c>, <c>schedule</c>.</summary>
    public string Source { get; init; } = "";

    public string PipelineSlug { get; init; } = "";

    public string PipelineId { get; init; } = "";

    public string DefaultBranch { get; init; } = "";

    public string Repository { get; init; } = "";

    public string OrganizationSlug { get; init; } = "";

    public string OrganizationId { get; init; } = "";

    public BuildPerson Creator { get; init; } = BuildPerson.Unknown;

    public BuildPerson Author { get; init; } = BuildPerson.Unknown;

    /// <summary>The pull request being built, or null.</summary>
    public PullRequestInfo? PullRequest { get; init; }

    /// <summary>The build's environment, read by <c>build.env("NAME")</c>.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Files the build changed against its diff base, as the uploading agent computed them for <c>if_changed</c>;
    /// null when unknown (no git checkout, or not an agent upload): then every step is kept.
    /// </summary>
    public IReadOnlyList<string>? ChangedFiles { get; init; }
}
