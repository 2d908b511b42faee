using ElasticCI.Jobs;

namespace ElasticCI.Builds;

/// <summary>
/// What <see cref="BuildProgress.Derive(BuildTally, bool)"/> needs to know of a build's jobs, as counts: a store reads it
/// with one aggregate query instead of loading every job on each job event.
/// </summary>
/// <param name="Total">Current jobs (not replaced by a retry).</param>
/// <param name="OnAgent">Assigned or running.</param>
/// <param name="Terminal">In a final state.</param>
/// <param name="HardFailures">Failed (not soft), timed out, lost, broken or canceled: the build fails.</param>
/// <param name="Failing">Failed (not soft), timed out or lost: jobs with <c>cancel_on_build_failing</c> stop.</param>
/// <param name="Blocked">Waiting for a person.</param>
/// <param name="Pending">Waiting for dependencies.</param>
/// <param name="Retried">Jobs replaced by a retry (the build ran before).</param>
/// <param name="FirstBlockedState">What the first blocked job (in step order) shows while it holds the build; null when none.</param>
internal sealed record BuildTally(int Total, int OnAgent, int Terminal, int HardFailures, int Failing, int Blocked, int Pending, int Retried,
    Pipelines.BlockedState? FirstBlockedState)
{
    /// <summary>Final without ever running: skipped, or broken (a dependency failed, or a depends_on key exists nowhere).</summary>
    public int NeverRan { get; init; }

    /// <summary>Counts <paramref name="jobs"/> (current jobs only; <see cref="Retried"/> is 0).</summary>
    public static BuildTally Of(IReadOnlyList<JobSnapshot> jobs)
    {
        var tally = Count(jobs.Select(j => (j.State, j.SoftFailed, Retried: false, Count: 1)));
        return tally with { FirstBlockedState = jobs.FirstOrDefault(j => j.State == JobState.Blocked)?.BlockedState };
    }

    /// <summary>Sums grouped counts (state, soft-failed, replaced by a retry, how many); <see cref="FirstBlockedState"/> is left null.</summary>
    public static BuildTally Count(IEnumerable<(JobState State, bool SoftFailed, bool Retried, int Count)> groups)
    {
        int total = 0, onAgent = 0, terminal = 0, hard = 0, failing = 0, blocked = 0, pending = 0, retried = 0, neverRan = 0;
        foreach (var (state, softFailed, isRetried, count) in groups)
        {
            if (isRetried)
            {
                retried += count;
                continue;
            }
            total += count;
            onAgent += state.IsOnAgent() ? count : 0;
            terminal += state.IsTerminal() ? count : 0;
            hard += IsHardFailure(state, softFailed) ? count : 0;
            failing += IsFailing(state, softFailed) ? count : 0;
            blocked += state == JobState.Blocked ? count : 0;
            pending += state == JobState.Pending ? count : 0;
            neverRan += state is JobState.Skipped or JobState.Broken ? count : 0;
        }
        return new BuildTally(total, onAgent, terminal, hard, failing, blocked, pending, retried, null) { NeverRan = neverRan };
    }

    /// <summary>A final state that fails the build.</summary>
    public static bool IsHardFailure(JobState state, bool softFailed) => state switch
    {
        JobState.Failed => !softFailed,
        JobState.TimedOut or JobState.Lost or JobState.Broken or JobState.Canceled => true,
        _ => false,
    };

    /// <summary>A job outcome that makes the build failing (for <c>cancel_on_build_failing</c>).</summary>
    public static bool IsFailing(JobState state, bool softFailed) => state is JobState.TimedOut or JobState.Lost || (state == JobState.Failed && !softFailed);
}
