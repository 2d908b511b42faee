using ElasticCI.Jobs;
using ElasticCI.Pipelines;
using ElasticCI.Storage;

namespace ElasticCI.Lifecycle;

/// <summary>What an agent's <c>finish</c> report does to its job: the state it ends in, or why the report changes nothing.</summary>
internal static class FinishDecision
{
    /// <summary>Decides the report of an agent that holds the job (the store checked that it is this agent's job).</summary>
    /// <param name="state">The job's state now.</param>
    /// <param name="cancelReason"><c>cancel</c>, <c>timeout</c>, a spot interruption, or null when nobody asked the job to stop.</param>
    public static FinishVerdict Decide(JobState state, string? cancelReason, int exitStatus, SoftFail softFail)
    {
        if (state.IsTerminal())
        {
            return new FinishVerdict(FinishOutcome.AlreadyFinished, state, false);
        }
        return state switch
        {
            // Never started: the agent refused it (it was canceled, or it could not start it). An agent that reports a
            // result for a job it never started is not believed: the job is not marked passed or failed.
            JobState.Assigned when cancelReason is not null || exitStatus == -1 => new FinishVerdict(FinishOutcome.Finished, JobState.Canceled, false),
            JobState.Assigned => new FinishVerdict(FinishOutcome.NotStarted, state, false),
            JobState.Running => Ran(exitStatus, cancelReason, softFail),
            _ => new FinishVerdict(FinishOutcome.NotYours, state, false),
        };
    }

    private static FinishVerdict Ran(int exitStatus, string? cancelReason, SoftFail softFail)
    {
        var (state, softFailed) = JobOutcome.Decide(exitStatus, cancelReason, softFail);
        return new FinishVerdict(FinishOutcome.Finished, state, softFailed);
    }
}
