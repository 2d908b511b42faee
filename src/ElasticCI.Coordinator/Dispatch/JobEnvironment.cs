using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Dispatch;

/// <summary>The environment the control plane gives a job: <c>BUILDKITE_*</c> first, then build env, then pipeline and step env.</summary>
internal static class JobEnvironment
{
    /// <param name="jobToken">The job-scoped token for the in-job <c>buildkite-agent</c> command.</param>
    /// <param name="endpoint">The coordinator URL the in-job command talks to.</param>
    /// <param name="defaultBranch">The pipeline's stored default branch (<c>BUILDKITE_PIPELINE_DEFAULT_BRANCH</c>); null when it has no stored definition.</param>
    public static Dictionary<string, string> Build(BuildRecord build, JobRecord job, string jobToken, string endpoint, string? defaultBranch)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BUILDKITE"] = "true",
            ["CI"] = "true",
            ["BUILDKITE_BUILD_ID"] = build.Id,
            ["BUILDKITE_BUILD_NUMBER"] = build.Number.ToString(CultureInfo.InvariantCulture),
            ["BUILDKITE_JOB_ID"] = job.Id,
            ["BUILDKITE_PIPELINE_SLUG"] = build.PipelineSlug,
            ["BUILDKITE_BRANCH"] = build.Branch,
            ["BUILDKITE_COMMIT"] = build.Commit,
            ["BUILDKITE_MESSAGE"] = build.Message,
            ["BUILDKITE_LABEL"] = job.Label,
            ["BUILDKITE_STEP_KEY"] = job.StepKey ?? "",
            ["BUILDKITE_COMMAND"] = job.Command,
            ["BUILDKITE_TIMEOUT"] = job.TimeoutInMinutes?.ToString(CultureInfo.InvariantCulture) ?? "false",
            ["BUILDKITE_RETRY_COUNT"] = job.RetryCount.ToString(CultureInfo.InvariantCulture),
            ["BUILDKITE_SOURCE"] = "api",
            ["BUILDKITE_AGENT_META_DATA_QUEUE"] = job.Queue,
            ["BUILDKITE_AGENT_ACCESS_TOKEN"] = jobToken,
            ["BUILDKITE_AGENT_ENDPOINT"] = endpoint,
            ["BUILDKITE_ARTIFACT_PATHS"] = string.Join(';', job.Spec.ArtifactPaths),
        };
        if (job.Spec.Plugins.Count > 0)
        {
            // Buildkite's format: an array of one-key objects, source → configuration.
            var plugins = new JsonArray([.. job.Spec.Plugins.Select(p => (JsonNode)new JsonObject { [p.Source] = p.Config?.DeepClone() })]);
            env["BUILDKITE_PLUGINS"] = plugins.ToJsonString();
        }
        if (job.Spec.GroupKey is { } groupKey)
        {
            env["BUILDKITE_GROUP_KEY"] = groupKey;
        }
        if (job.Spec.GroupLabel is { } groupLabel)
        {
            env["BUILDKITE_GROUP_LABEL"] = groupLabel;
        }
        if (!string.IsNullOrEmpty(defaultBranch))
        {
            env["BUILDKITE_PIPELINE_DEFAULT_BRANCH"] = defaultBranch;
        }
        if (build.Repository.Length > 0)
        {
            env["BUILDKITE_REPO"] = build.Repository;
        }
        if (job.ParallelJob is { } index && job.ParallelJobCount is { } count)
        {
            env["BUILDKITE_PARALLEL_JOB"] = index.ToString(CultureInfo.InvariantCulture);
            env["BUILDKITE_PARALLEL_JOB_COUNT"] = count.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in build.Env)
        {
            env[key] = value;
        }
        foreach (var (key, value) in job.Env)
        {
            env[key] = value;
        }
        return env;
    }
}
