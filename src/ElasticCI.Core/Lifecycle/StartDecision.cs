using ElasticCI.Jobs;
using ElasticCI.Storage;

namespace ElasticCI.Lifecycle;

/// <summary>What an agent's <c>start</c> does to the job it was assigned.</summary>
internal static class StartDecision
{
    /// <summary>The answer, and whether the job moves from assigned to running (false: nothing to write).</summary>
    public static (StartOutcome Outcome, bool Transition) Decide(JobState state, string? cancelReason) => state switch
    {
        // A repeated start (the answer was lost on the way): already running, nothing to write.
        JobState.Running => (StartOutcome.Started, false),
        JobState.Assigned when cancelReason is null => (StartOutcome.Started, true),
        // Canceled while it was on its way to the agent: the agent must not run it.
        _ => (StartOutcome.Canceled, false),
    };
}
