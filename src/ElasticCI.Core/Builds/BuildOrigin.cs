namespace ElasticCI.Builds;

/// <summary>
/// Where a build came from and what it builds besides a branch: its source, tag and pull request, and the pipeline's
/// display name. Stored with the build; read by <c>if</c> conditions, the job environment and the checkout.
/// </summary>
/// <param name="Source">What created the build: <c>api</c> (the CLI and API), <c>trigger_job</c>, <c>ui</c>, <c>schedule</c>.</param>
/// <param name="Tag">The tag being built (<c>BUILDKITE_TAG</c>, <c>build.tag</c>); null when the build is not for a tag.</param>
/// <param name="PullRequest">The pull request being built; null when the build is not for one.</param>
/// <param name="PipelineName">The pipeline's display name (<c>BUILDKITE_PIPELINE_NAME</c>).</param>
internal sealed record BuildOrigin(string Source, string? Tag, PullRequestInfo? PullRequest, string PipelineName)
{
    public static BuildOrigin Api { get; } = new("api", null, null, "");
}
