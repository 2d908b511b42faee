using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCI.Builds;
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
        var context = BuildContext.Of(build) with { DefaultBranch = defaultBranch ?? "" };
        var env = BuildVariables.For(context, build.Origin.PipelineName, $"{endpoint}/api/v1/builds/{build.Id}");
        env["BUILDKITE_JOB_ID"] = job.Id;
        env["BUILDKITE_STEP_ID"] = job.Id;
        env["BUILDKITE_LABEL"] = job.Label;
        env["BUILDKITE_STEP_KEY"] = job.StepKey ?? "";
        env["BUILDKITE_COMMAND"] = job.Command;
        env["BUILDKITE_TIMEOUT"] = job.TimeoutInMinutes?.ToString(CultureInfo.InvariantCulture) ?? "false";
        env["BUILDKITE_RETRY_COUNT"] = job.RetryCount.ToString(CultureInfo.InvariantCulture);
        env["BUILDKITE_AGENT_META_DATA_QUEUE"] = job.Queue;
        env["BUILDKITE_AGENT_ACCESS_TOKEN"] = jobToken;
        env["BUILDKITE_AGENT_ENDPOINT"] = endpoint;
        env["BUILDKITE_ARTIFACT_PATHS"] = string.Join(';', job.Spec.ArtifactPaths);
        env["BUILDKITE_PLUGINS"] = "";
        env["BUILDKITE_GROUP_ID"] = "";
        env["BUILDKITE_GROUP_KEY"] = "";
        env["BUILDKITE_GROUP_LABEL"] = "";
        if (job.Spec.Plugins.Count > 0)
        {
            // Buildkite's format: an array of one-key objects, source → configuration.
            var plugins = new JsonArray([.. job.Spec.Plugins.Select(p => (JsonNode)new JsonObject { [p.Source] = p.Config?.DeepClone() })]);
            env["BUILDKITE_PLUGINS"] = plugins.ToJsonString();
        }
        if (job.Spec.GroupKey is { } groupKey)
        {
            env["BUILDKITE_GROUP_KEY"] = groupKey;
            env["BUILDKITE_GROUP_ID"] = groupKey;
        }
        if (job.Spec.GroupLabel is { } groupLabel)
        {
            env["BUILDKITE_GROUP_LABEL"] = groupLabel;
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
