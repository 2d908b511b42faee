using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Storage;

namespace ElasticCI.Lifecycle;

/// <summary>Which finished jobs may be retried by hand, and which are retried whatever their step says.</summary>
internal static class RetryRules
{
    /// <summary>Why a manual retry of <paramref name="job"/> is refused, or null when it is allowed.</summary>
    public static RetryResult? RefuseManual(JobRecord job, bool buildCanceled)
    {
        if (!job.State.IsTerminal() || job.RetriedBy is not null)
        {
            return new RetryResult(RetryOutcome.NotFinished, Reason: job.RetriedBy is null
                ? $"job {job.Id} is {job.State.ToName()}: only finished jobs can be retried"
                : $"job {job.Id} was already retried by job {job.RetriedBy}");
        }
        var manual = job.Spec.Retry?.Manual;
        var refusal = (job.Kind, job.State) switch
        {
            _ when buildCanceled => "its build was canceled",
            (not JobKind.Command, _) => "only command jobs can be retried",
            (_, JobState.Broken or JobState.Skipped) => $"it is {job.State.ToName()} and never ran",
            _ when manual is { Allowed: false } => manual.Reason ?? "the step's retry.manual does not allow it",
            (_, JobState.Passed) when manual is { PermitOnPassed: false } => manual.Reason ?? "the step's retry.manual does not allow retrying a passed job",
            _ => null,
        };
        return refusal is null ? null : new RetryResult(RetryOutcome.NotAllowed, Reason: $"job {job.Id} cannot be retried: {refusal}");
    }

    /// <summary>
    /// A job stopped by a spot interruption is retried on another instance, whatever its step's retry rules (and without
    /// using them up). Passed jobs finished in time; a job already retried by its own rules needs no second retry.
    /// </summary>
    public static bool RetriesInterrupted(string? cancelReason, string? retriedBy, JobState state)
        => cancelReason == CancelReasons.SpotInterruption && retriedBy is null && state is not (JobState.Passed or JobState.Scheduled);
}
