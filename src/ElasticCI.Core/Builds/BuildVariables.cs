using System.Globalization;

namespace ElasticCI.Builds;

/// <summary>
/// The <c>BUILDKITE_*</c> variables the control plane gives every job of a build, with Buildkite's conventions where
/// there is no value (<c>BUILDKITE_PULL_REQUEST=false</c>, an empty <c>BUILDKITE_TAG</c>). The same set is the
/// environment a build's pipeline document is interpolated with when the build is created.
/// </summary>
internal static class BuildVariables
{
    /// <summary>The organization slug every build reports; there is one organization per coordinator.</summary>
    public const string OrganizationSlug = "elastic-ci";

    /// <param name="context">The build (its number and id must be known).</param>
    /// <param name="pipelineName">The pipeline's display name; empty falls back to its slug.</param>
    /// <param name="buildUrl">The build's URL on the coordinator; empty when unknown.</param>
    public static Dictionary<string, string> For(BuildContext context, string pipelineName, string buildUrl)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pr = context.PullRequest;
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BUILDKITE"] = "true",
            ["CI"] = "true",
            ["BUILDKITE_BUILD_ID"] = context.Id,
            ["BUILDKITE_BUILD_NUMBER"] = context.Number.ToString(CultureInfo.InvariantCulture),
            ["BUILDKITE_BUILD_URL"] = buildUrl,
            ["BUILDKITE_BRANCH"] = context.Branch,
            ["BUILDKITE_TAG"] = context.Tag ?? "",
            ["BUILDKITE_COMMIT"] = context.Commit,
            ["BUILDKITE_MESSAGE"] = context.Message,
            ["BUILDKITE_SOURCE"] = context.Source.Length > 0 ? context.Source : "api",
            ["BUILDKITE_REPO"] = context.Repository,
            ["BUILDKITE_PIPELINE_SLUG"] = context.PipelineSlug,
            ["BUILDKITE_PIPELINE_NAME"] = pipelineName.Length > 0 ? pipelineName : context.PipelineSlug,
            ["BUILDKITE_PIPELINE_DEFAULT_BRANCH"] = context.DefaultBranch,
            ["BUILDKITE_PIPELINE_PROVIDER"] = "git",
            ["BUILDKITE_ORGANIZATION_SLUG"] = OrganizationSlug,
            ["BUILDKITE_PULL_REQUEST"] = pr?.Id ?? "false",
            ["BUILDKITE_PULL_REQUEST_BASE_BRANCH"] = pr?.BaseBranch ?? "",
            ["BUILDKITE_PULL_REQUEST_REPO"] = pr?.Repository ?? "",
            ["BUILDKITE_PULL_REQUEST_DRAFT"] = pr is { Draft: true } ? "true" : "false",
            ["BUILDKITE_PULL_REQUEST_LABELS"] = pr is null ? "" : string.Join(',', pr.Labels),
            ["BUILDKITE_PULL_REQUEST_USING_MERGE_REFSPEC"] = "false",
            ["BUILDKITE_REBUILT_FROM_BUILD_ID"] = "",
            ["BUILDKITE_REBUILT_FROM_BUILD_NUMBER"] = "",
            ["BUILDKITE_TRIGGERED_FROM_BUILD_ID"] = "",
            ["BUILDKITE_TRIGGERED_FROM_BUILD_NUMBER"] = "",
            ["BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG"] = "",
            ["BUILDKITE_BUILD_CREATOR"] = context.Creator.Name ?? "",
            ["BUILDKITE_BUILD_CREATOR_EMAIL"] = context.Creator.Email ?? "",
            ["BUILDKITE_BUILD_AUTHOR"] = context.Author.Name ?? "",
            ["BUILDKITE_BUILD_AUTHOR_EMAIL"] = context.Author.Email ?? "",
            ["BUILDKITE_COMPUTE_TYPE"] = "self-hosted",
        };
        return env;
    }

    /// <summary>
    /// The environment a build's pipeline document is interpolated with: <see cref="For"/>, then the build's own
    /// environment (<c>--env</c>), which wins as it does in the job environment.
    /// </summary>
    public static Dictionary<string, string> ForInterpolation(BuildContext context, string pipelineName, string buildUrl)
    {
        var env = For(context, pipelineName, buildUrl);
        foreach (var (name, value) in context.Env)
        {
            env[name] = value;
        }
        return env;
    }
}
