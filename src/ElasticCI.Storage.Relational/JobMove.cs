using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Storage.Relational;

/// <summary>
/// One job-state change Core decided, as the store writes it: the compare-and-set guard (<see cref="From"/>) and the
/// values that go with the new state. Which columns record the change follows from the states (see
/// <see cref="RelationalStore"/>'s transition primitive), so no caller writes a state column itself.
/// </summary>
internal sealed record JobMove(string JobId, JobKind Kind, JobState From, JobState To, long At)
{
    /// <summary>The exit status recorded with a final state (null: none, as for broken or unblocked jobs).</summary>
    public int? ExitStatus { get; init; }

    public bool SoftFailed { get; init; }

    /// <summary>The agent a job is assigned to.</summary>
    public string? AgentId { get; init; }

    /// <summary>The build a trigger job created.</summary>
    public string? TriggeredBuildId { get; init; }
}
