using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

/// <summary>Which block/input jobs a person can unblock.</summary>
internal static class UnblockDecision
{
    /// <summary>A blocked job that is still the build's current one (not replaced by a retry) passes when unblocked.</summary>
    public static bool CanUnblock(JobState state, bool retried) => state == JobState.Blocked && !retried;
}
