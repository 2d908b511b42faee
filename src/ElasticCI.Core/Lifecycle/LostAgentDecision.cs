using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

/// <summary>What happens to the job of an agent that is gone (missed heartbeats, disconnected, its instance ended).</summary>
internal static class LostAgentDecision
{
    /// <summary>
    /// A started job is lost (exit status -1, retried under the step's rules); a job only assigned goes back to the queue,
    /// since no agent ever ran it, unless it was already asked to stop (its build was canceled): then it is canceled.
    /// </summary>
    public static JobState For(JobState state, string? cancelReason) => (state, cancelReason) switch
    {
        (JobState.Assigned, null) => JobState.Scheduled,
        (JobState.Assigned, _) => JobState.Canceled,
        _ => JobState.Lost,
    };

    /// <summary>Retry rules (the step's, and spot interruptions) apply to a job that ran and was lost, not to one put back or canceled.</summary>
    public static bool RetriesApply(JobState to) => to == JobState.Lost;

    /// <summary>The states a gone agent's job can be in.</summary>
    public static IReadOnlyList<JobState> OnAgent { get; } = [JobState.Assigned, JobState.Running];
}
