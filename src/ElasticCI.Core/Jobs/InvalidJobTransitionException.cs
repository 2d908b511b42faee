using ElasticCI.Builds;

namespace ElasticCI.Jobs;

/// <summary>A code path tried a job-state change that <see cref="JobStates.CanTransition(JobKind, JobState, JobState)"/> forbids: a bug.</summary>
internal sealed class InvalidJobTransitionException : InvalidOperationException
{
    public InvalidJobTransitionException(JobKind kind, JobState from, JobState to)
        : base($"A {kind.ToString().ToLowerInvariant()} job may not go from {from.ToName()} to {to.ToName()}.")
    {
        Kind = kind;
        From = from;
        To = to;
    }

    public JobKind Kind { get; }

    public JobState From { get; }

    public JobState To { get; }
}
