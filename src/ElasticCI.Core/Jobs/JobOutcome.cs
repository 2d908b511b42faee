using ElasticCI.Pipelines;

namespace ElasticCI.Jobs;

/// <summary>Turns what an agent reported into the job's final state.</summary>
internal static class JobOutcome
{
    /// <summary>The final state and whether the failure is soft, given the exit status and why the job was stopped.</summary>
    /// <param name="cancelReason"><c>cancel</c>, <c>timeout</c> or null when nobody asked the job to stop.</param>
    public static (JobState State, bool SoftFailed) Decide(int exitStatus, string? cancelReason, SoftFail softFail)
    {
        if (cancelReason == CancelReasons.Timeout)
        {
            // Buildkite: a timed-out job that still exited 0 counts as passed.
            return exitStatus == 0 ? (JobState.Passed, false) : (JobState.TimedOut, false);
        }
        if (cancelReason is CancelReasons.Cancel or CancelReasons.SpotInterruption)
        {
            return (JobState.Canceled, false);
        }
        if (exitStatus == 0)
        {
            return (JobState.Passed, false);
        }
        return (JobState.Failed, softFail.Matches(exitStatus));
    }
}
