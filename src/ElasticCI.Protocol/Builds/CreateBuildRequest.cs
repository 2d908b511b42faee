namespace ElasticCI.Protocol.Builds;

/// <summary>Body of <c>POST /api/v1/builds</c>: a Buildkite-format pipeline and what to build.</summary>
/// <param name="Pipeline">Pipeline slug (lower-case letters, digits and dashes); created on first use.</param>
/// <param name="Yaml">The pipeline document; null or empty builds the pipeline's stored definition (<c>PUT /api/v1/pipelines/{slug}</c>).</param>
/// <param name="FileName">Name of the file the YAML came from, used in error messages; defaults to <c>pipeline.yml</c>.</param>
/// <param name="Branch">Branch to build; defaults to the stored pipeline's default branch, else <c>main</c>.</param>
/// <param name="Commit">Commit to build; defaults to <c>HEAD</c>.</param>
/// <param name="Message">Build message; defaults to empty.</param>
/// <param name="Env">Build environment, applied to every job below pipeline and step <c>env</c>.</param>
/// <param name="Repository">Repository to check out (<c>BUILDKITE_REPO</c>); null uses the pipeline's stored repository, and a value becomes it.</param>
public sealed record CreateBuildRequest(
    string Pipeline,
    string? Yaml,
    string? FileName = null,
    string? Branch = null,
    string? Commit = null,
    string? Message = null,
    IReadOnlyDictionary<string, string>? Env = null,
    string? Repository = null)
{
    /// <summary>The tag being built (<c>BUILDKITE_TAG</c>, <c>build.tag</c>); null: not a tag build.</summary>
    public string? Tag { get; init; }

    /// <summary>The pull request number (<c>BUILDKITE_PULL_REQUEST</c>, <c>build.pull_request.id</c>); null: not a pull-request build.</summary>
    public string? PullRequest { get; init; }

    /// <summary>The branch the pull request merges into (<c>BUILDKITE_PULL_REQUEST_BASE_BRANCH</c>); needs <see cref="PullRequest"/>.</summary>
    public string? PullRequestBaseBranch { get; init; }

    /// <summary>The repository the pull request comes from (<c>BUILDKITE_PULL_REQUEST_REPO</c>); needs <see cref="PullRequest"/>.</summary>
    public string? PullRequestRepository { get; init; }

    /// <summary>Whether the pull request is a draft (<c>BUILDKITE_PULL_REQUEST_DRAFT</c>); needs <see cref="PullRequest"/>.</summary>
    public bool PullRequestDraft { get; init; }

    /// <summary>The pull request's labels (<c>BUILDKITE_PULL_REQUEST_LABELS</c>, <c>build.pull_request.labels</c>); needs <see cref="PullRequest"/>.</summary>
    public IReadOnlyList<string>? PullRequestLabels { get; init; }

    /// <summary>True: the pipeline document is not interpolated (as <c>pipeline upload --no-interpolation</c>).</summary>
    public bool NoInterpolation { get; init; }
}
