using System.Text.Json.Nodes;
using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>
/// Per-job settings beyond the walking-skeleton columns of <see cref="PlannedJob"/>. Every member is plain data
/// (strings, numbers, lists, records, JSON nodes), so a store can persist the whole record as one JSON document.
/// </summary>
internal sealed record JobSpec
{
    public static JobSpec Empty { get; } = new();

    /// <summary>Automatic retry rules and manual-retry permission; null = no automatic retries, manual allowed.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Concurrency group this job must take a slot in before it is dispatched.</summary>
    public ConcurrencyLimit? Concurrency { get; init; }

    /// <summary>Higher runs first; step <c>priority</c>, else the pipeline's, else 0.</summary>
    public int Priority { get; init; }

    /// <summary>True when the job is created but must not run (<c>skip</c>, or a skipped matrix combination).</summary>
    public bool Skipped { get; init; }

    /// <summary>Why it is skipped, when a reason was given.</summary>
    public string? SkipReason { get; init; }

    public IReadOnlyList<string> ArtifactPaths { get; init; } = [];

    /// <summary>Plugins in order, matrix tokens already substituted in their configuration.</summary>
    public IReadOnlyList<PluginSpec> Plugins { get; init; } = [];

    /// <summary>Cancel this job when the build starts failing.</summary>
    public bool CancelOnBuildFailing { get; init; }

    /// <summary>Run even if any dependency failed (<c>allow_dependency_failure</c>).</summary>
    public bool AllowDependencyFailure { get; init; }

    /// <summary>Indices (within <see cref="PlannedJob.DependsOn"/>) of jobs depended on with <c>allow_failure: true</c>.</summary>
    public IReadOnlyList<int> AllowedFailureDependencies { get; init; } = [];

    /// <summary>Prompt and fields of a block/input job.</summary>
    public BlockSpec? Block { get; init; }

    /// <summary>The build a trigger job creates.</summary>
    public TriggerSpec? Trigger { get; init; }

    public string? GroupKey { get; init; }

    public string? GroupLabel { get; init; }

    /// <summary>This job's matrix combination (dimension → value; "" is the single-dimension name).</summary>
    public IReadOnlyDictionary<string, string>? MatrixValues { get; init; }

    /// <summary>Step (and enclosing group) <c>notify</c>, as written.</summary>
    public JsonNode? Notify { get; init; }

    /// <summary>The agent-applied <c>if_changed</c>, kept for the agent; not evaluated by the planner.</summary>
    public JsonNode? IfChanged { get; init; }
}
