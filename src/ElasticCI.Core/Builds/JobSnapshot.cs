using ElasticCI.Jobs;

namespace ElasticCI.Builds;

/// <summary>What <see cref="BuildProgress"/> needs to know of one job.</summary>
internal sealed record JobSnapshot(string Id, JobState State, IReadOnlyList<string> DependsOn, bool ContinueOnFailure, bool SoftFailed)
{
    /// <summary>Run even when any dependency failed (<c>allow_dependency_failure</c>).</summary>
    public bool AllowDependencyFailure { get; init; }

    /// <summary>Positions in <see cref="DependsOn"/> whose failure is allowed (<c>depends_on: [{step, allow_failure: true}]</c>).</summary>
    public IReadOnlyList<int> AllowedFailureDependencies { get; init; } = [];

    /// <summary>Stop this job when the build starts failing (<c>cancel_on_build_failing</c>).</summary>
    public bool CancelOnBuildFailing { get; init; }

    /// <summary>Block and input jobs become <see cref="JobState.Blocked"/> instead of scheduled.</summary>
    public JobKind Kind { get; init; } = JobKind.Command;

    /// <summary>What the build shows while this block job holds it.</summary>
    public Pipelines.BlockedState BlockedState { get; init; } = Pipelines.BlockedState.Passed;
}
