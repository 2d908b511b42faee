using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>One job a build will run, before it is stored.</summary>
/// <param name="Index">Position in the build (0-based, step order, then parallel index).</param>
/// <param name="StepKey">The step's key, if any.</param>
/// <param name="Label">Label to show (parallel jobs get " (i/n)" appended, 1-based).</param>
/// <param name="Command">The commands joined with newlines.</param>
/// <param name="Env">Pipeline env overlaid with step env.</param>
/// <param name="AgentRules">Top-level agents overlaid with step agents, without <c>queue</c>.</param>
/// <param name="Queue">Target queue (<c>default</c> when none is given; "" for block, input and trigger jobs, which no agent runs).</param>
/// <param name="DependsOn">Indices of the jobs this one waits for.</param>
/// <param name="ContinueOnFailure">True when the dependencies come from a <c>wait: {continue_on_failure: true}</c>.</param>
/// <param name="ParallelJob">0-based parallel index, or null.</param>
/// <param name="ParallelJobCount">Parallel job count, or null.</param>
/// <param name="TimeoutInMinutes">Timeout, or null.</param>
/// <param name="SoftFail">The step's soft-fail rule.</param>
internal sealed record PlannedJob(
    int Index,
    string? StepKey,
    string Label,
    string Command,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> AgentRules,
    string Queue,
    IReadOnlyList<int> DependsOn,
    bool ContinueOnFailure,
    int? ParallelJob,
    int? ParallelJobCount,
    int? TimeoutInMinutes,
    SoftFail SoftFail)
{
    /// <summary>Command jobs go to agents; block/input wait for a person; trigger jobs start another pipeline's build.</summary>
    public JobKind Kind { get; init; } = JobKind.Command;

    /// <summary>Retry, concurrency, priority, skip, artifacts, plugins, block fields, trigger build…</summary>
    public JobSpec Spec { get; init; } = JobSpec.Empty;

    /// <summary>
    /// <c>depends_on</c> keys not in this job's document: the store resolves them against the build's other jobs (the
    /// original pipeline, earlier uploads) when it inserts the job, and a key found nowhere fails this job alone.
    /// </summary>
    public IReadOnlyList<StepDependency> ExternalDependencies { get; init; } = [];
}
