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

    /// <summary>The transitions the coordinator allows; anything else is a bug or a stale request.</summary>
    public static bool CanTransition(JobState from, JobState to) => (from, to) switch
    {
        (JobState.Pending, JobState.Scheduled or JobState.Canceled or JobState.Broken or JobState.Skipped) => true,
        (JobState.Blocked, JobState.Scheduled or JobState.Passed or JobState.Canceled) => true,
        (JobState.Scheduled, JobState.Assigned or JobState.Canceled or JobState.Skipped) => true,
        (JobState.Assigned, JobState.Running or JobState.Canceled or JobState.Lost or JobState.Scheduled) => true,
        (JobState.Running, JobState.Passed or JobState.Failed or JobState.Canceled or JobState.TimedOut or JobState.Lost) => true,
        _ => false,
    };
}
