using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>The planner's working state for one step (group children are steps of their own).</summary>
internal sealed class PlannedStep(PipelineStep step, GroupStep? group)
{
    public PipelineStep Step { get; } = step;

    public GroupStep? Group { get; } = group;

    public bool Omitted { get; set; }

    public int FirstJob { get; set; }

    public int JobCount { get; set; }

    /// <summary>Steps this one waits for because of wait/block ordering.</summary>
    public List<int> Implicit { get; set; } = [];

    /// <summary>True when <see cref="Implicit"/> comes from a <c>wait: {continue_on_failure: true}</c>.</summary>
    public bool ContinueOnFailure { get; set; }

    /// <summary>For a wait step: the steps it waits for, which is what depending on its key means.</summary>
    public List<int> Covers { get; set; } = [];

    public SortedSet<int> DependsOn { get; } = [];

    public HashSet<int> AllowFailure { get; } = [];

    /// <summary><c>depends_on</c> keys this document does not have (another document of the build may).</summary>
    public List<StepDependency> External { get; } = [];

    public string? Key => Step.Common.Key ?? (Step as CommandStep)?.Key;

    public string? Label => Step.Common.Label ?? (Step as CommandStep)?.Label;

    public string Name => Key ?? Label ?? $"line {Step.Line}";

    /// <summary>Explicit depends_on of the step itself (null when it does not say).</summary>
    public IReadOnlyList<StepDependency>? OwnDependencies
        => Step.Common.DependsOn ?? (Step as CommandStep)?.DependsOn?.Select(k => new StepDependency(k, false)).ToList();

    public bool RunsJobs => !Omitted && Step is not WaitStep;
}
