namespace ElasticCI.Builds;

/// <summary>Build states, derived from the build's jobs; wire and stored names in <see cref="BuildStates"/>.</summary>
internal enum BuildState
{
    Scheduled,
    Running,
    Passed,
    Failed,
    Canceling,

    /// <summary>Waiting for a person to unblock a block/input job (<c>blocked_state: passed</c>, the default).</summary>
    Blocked,
    Canceled,
}
