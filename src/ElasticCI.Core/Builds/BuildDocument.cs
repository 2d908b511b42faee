using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>
/// Reads a build's pipeline document as <c>buildkite-agent pipeline upload</c> does: interpolated with the
/// environment the build's jobs will get (<see cref="BuildVariables.ForInterpolation"/>: every <c>BUILDKITE_*</c>
/// variable, the build's <c>--env</c>, then the file's own top-level <c>env</c>), then planned. Used for files given to
/// <c>elastic-ci build</c>, stored definitions and the pipelines triggers build.
/// </summary>
internal static class BuildDocument
{
    /// <param name="interpolate">False leaves <c>$VAR</c> and <c>$$</c> as written (<c>--no-interpolation</c>).</param>
    /// <returns>The plan, or the errors (each with its file position) that refuse the build.</returns>
    public static BuildPlan Prepare(string yaml, string fileName, BuildContext context, string pipelineName, string buildUrl, bool interpolate)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = interpolate
            ? new PipelineParseOptions(BuildVariables.ForInterpolation(context, pipelineName, buildUrl))
            : PipelineParseOptions.NoInterpolation;
        var parsed = PipelineParser.Parse(yaml, fileName, options);
        return parsed.Succeeded ? BuildPlanner.Plan(parsed.Pipeline!, fileName, context) : new BuildPlan([], parsed.Errors);
    }
}
