using ElasticCI.Builds;

namespace ElasticCI.Jobs;

/// <summary>Wire names of <see cref="JobState"/> and the rules about which states may follow which.</summary>
internal static class JobStates
{
    private static readonly Dictionary<string, JobState> ByName = Enum.GetValues<JobState>().ToDictionary(ToName, s => s, StringComparer.Ordinal);

    public static string ToName(this JobState state) => state switch
    {
        JobState.TimedOut => "timed_out",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static JobState Parse(string name)
        => ByName.TryGetValue(name, out var state) ? state : throw new FormatException($"Unknown job state '{name}'.");

    /// <summary>A final state: nothing changes the job afterwards (a retry makes a new job).</summary>
    public static bool IsTerminal(this JobState state) => state is JobState.Passed or JobState.Failed or JobState.Canceled
        or JobState.TimedOut or JobState.Lost or JobState.Skipped or JobState.Broken;

    /// <summary>On an agent: counts as "running" demand for the scaler.</summary>
    public static bool IsOnAgent(this JobState state) => state is JobState.Assigned or JobState.Running;

    /// <summary>The state a job is created in: a skipped step is created (so the build shows it) but never runs.</summary>
    public static JobState Initial(bool skipped) => skipped ? JobState.Skipped : JobState.Pending;

    /// <summary>The transitions of a command job (one an agent runs); see <see cref="CanTransition(JobKind, JobState, JobState)"/>.</summary>
    public static bool CanTransition(JobState from, JobState to) => CanTransition(JobKind.Command, from, to);

    /// <summary>
    /// The state table: exactly the transitions the coordinator makes, per kind of job. Anything else is a bug or a
    /// stale request, and the store refuses to write it (<see cref="EnsureTransition"/>).
    /// </summary>
    public static bool CanTransition(JobKind kind, JobState from, JobState to) => (kind, from, to) switch
    {
        // Build advancement: dependencies met (scheduled, or blocked for a person), failed (broken); the build canceled.
        (JobKind.Command or JobKind.Trigger, JobState.Pending, JobState.Scheduled) => true,
        (JobKind.Block or JobKind.Input, JobState.Pending, JobState.Blocked) => true,
        (_, JobState.Pending, JobState.Broken or JobState.Canceled) => true,
        // A retry of the job that broke this one: it waits again for the new job.
        (_, JobState.Broken, JobState.Pending) => true,
        // A person unblocks, or the build is canceled.
        (JobKind.Block or JobKind.Input, JobState.Blocked, JobState.Passed or JobState.Canceled) => true,
        (JobKind.Command or JobKind.Trigger, JobState.Scheduled, JobState.Canceled) => true,
        // An agent claims it; a trigger job starts its build (async: passed at once; no build: failed).
        (JobKind.Command, JobState.Scheduled, JobState.Assigned) => true,
        (JobKind.Trigger, JobState.Scheduled, JobState.Running or JobState.Passed or JobState.Failed) => true,
        // The agent starts it, refuses it (canceled), or vanishes before starting it (back to the queue). An agent
        // cannot finish a job it never started as passed or failed (issue 12).
        (JobKind.Command, JobState.Assigned, JobState.Running or JobState.Canceled or JobState.Scheduled) => true,
        (JobKind.Command, JobState.Running, JobState.Passed or JobState.Failed or JobState.Canceled or JobState.TimedOut or JobState.Lost) => true,
        // The triggered build finished.
        (JobKind.Trigger, JobState.Running, JobState.Passed or JobState.Failed) => true,
        _ => false,
    };

    /// <summary>The one check every job-state write goes through; a forbidden transition is a bug, so it throws.</summary>
    public static void EnsureTransition(JobKind kind, JobState from, JobState to)
    {
        if (!CanTransition(kind, from, to))
        {
            throw new InvalidJobTransitionException(kind, from, to);
        }
    }
}
