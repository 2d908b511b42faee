namespace ElasticCI.Protocol.Agents;

/// <summary>A job handed to one agent: what to run and the environment the control plane sets.</summary>
/// <param name="Id">Job id (<c>BUILDKITE_JOB_ID</c>).</param>
/// <param name="Label">The step's label, for display.</param>
/// <param name="Command">The script to run: a step's <c>commands</c> joined with newlines.</param>
/// <param name="Env">Control-plane environment: the <c>BUILDKITE_*</c> variables, then pipeline and step <c>env</c>.</param>
/// <param name="PipelineSlug">Slug of the pipeline; names the build directory.</param>
/// <param name="TimeoutInMinutes">The step's timeout, enforced by the coordinator; null when none.</param>
public sealed record JobAssignment(
    string Id,
    string Label,
    string Command,
    IReadOnlyDictionary<string, string> Env,
    string PipelineSlug,
    int? TimeoutInMinutes);
