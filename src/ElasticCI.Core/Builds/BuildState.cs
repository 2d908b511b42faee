namespace ElasticCI.Builds;

/// <summary>Build states, derived from the build's jobs.</summary>
internal static class BuildState
{
    public const string Scheduled = "scheduled";
    public const string Running = "running";
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Canceling = "canceling";

    /// <summary>Waiting for a person to unblock a block/input job (<c>blocked_state: passed</c>, the default).</summary>
    public const string Blocked = "blocked";
    public const string Canceled = "canceled";

    public static bool IsFinished(string state) => state is Passed or Failed or Canceled;
}
