using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

/// <summary>How a job is canceled, by a canceled build or by <c>cancel_on_build_failing</c>: the store only persists it.</summary>
internal static class CancelDecision
{
    public static CancelAction Decide(JobState state)
        => state.IsTerminal() ? CancelAction.None : state.IsOnAgent() ? CancelAction.AskTheAgent : CancelAction.CancelNow;
}
