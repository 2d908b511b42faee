using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

/// <summary>Whether a trigger job may start now, and what starting it does (<see cref="TriggerOutcome.OnStart"/>).</summary>
internal static class TriggerStartDecision
{
    /// <summary>
    /// The job as the store found it. Null (nothing to do) unless it is a trigger that is still <c>scheduled</c>: another coordinator or an earlier
    /// pass started it, or it was canceled. Without a triggered build, <paramref name="failure"/> becomes the job's log,
    /// the one place a person looks.
    /// </summary>
    public static TriggerStart? Decide(JobKind kind, JobState state, string? triggeredBuildId, bool async, string? failure)
    {
        if (kind != JobKind.Trigger || state != JobState.Scheduled)
        {
            return null;
        }
        var (to, exitStatus, _) = TriggerOutcome.OnStart(triggeredBuildId, async);
        return new TriggerStart(to, exitStatus, triggeredBuildId is null && failure is not null ? failure + "\n" : null);
    }
}
