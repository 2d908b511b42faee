namespace ElasticCI.Pipelines;

/// <summary>A command step.</summary>
/// <param name="Key">The step's <c>key</c> (or <c>id</c>/<c>identifier</c>), if any.</param>
/// <param name="Label">The step's <c>label</c> (or <c>name</c>), if any.</param>
/// <param name="Commands">The commands, in order (<c>command</c>/<c>commands</c>/<c>script</c>, string or list).</param>
/// <param name="Env">Step <c>env</c>.</param>
/// <param name="Agents">Step <c>agents</c> rules (tag → value); <c>queue</c> selects the queue.</param>
/// <param name="DependsOn">Explicit <c>depends_on</c> keys; null when the step does not say.</param>
/// <param name="Parallelism">Number of parallel jobs; null when not given.</param>
/// <param name="TimeoutInMinutes">Job timeout; null when none.</param>
/// <param name="SoftFail">Which failures keep the build green.</param>
internal sealed record CommandStep(
    int Line,
    int Column,
    string? Key,
    string? Label,
    IReadOnlyList<string> Commands,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> Agents,
    IReadOnlyList<string>? DependsOn,
    int? Parallelism,
    int? TimeoutInMinutes,
    SoftFail SoftFail) : PipelineStep(Line, Column)
{
    /// <summary>Retry, concurrency, priority, artifacts, plugins, matrix…; <see cref="CommandOptions.Default"/> when none is set.</summary>
    public CommandOptions Options { get; init; } = CommandOptions.Default;
}
