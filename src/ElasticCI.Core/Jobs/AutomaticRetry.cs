using ElasticCI.Pipelines;

namespace ElasticCI.Jobs;

/// <summary>Decides whether a finished job is retried automatically (<c>retry.automatic</c>, reference §1.5).</summary>
internal static class AutomaticRetry
{
    /// <summary>The index of the first rule that matches and still has retries left, or null.</summary>
    /// <param name="state">The job's final state; only failed, timed-out and lost jobs are retried (never canceled ones).</param>
    /// <param name="counts">Retries already made per rule, by rule index (missing = 0).</param>
    public static int? Match(RetryPolicy? policy, JobState state, int exitStatus, string? signal, string? signalReason, IReadOnlyList<int> counts)
    {
        if (policy is null || state is not (JobState.Failed or JobState.TimedOut or JobState.Lost))
        {
            return null;
        }
        for (var i = 0; i < policy.Automatic.Count; i++)
        {
            var rule = policy.Automatic[i];
            if (!Matches(rule, exitStatus, signal, signalReason))
            {
                continue;
            }
            // Rules are checked in order and the first match applies, even when its counter is spent.
            var used = i < counts.Count ? counts[i] : 0;
            return used < rule.Limit ? i : null;
        }
        return null;
    }

    /// <summary>Counters after one more retry by rule <paramref name="rule"/>.</summary>
    public static IReadOnlyList<int> Count(IReadOnlyList<int> counts, int rule)
    {
        var next = new int[Math.Max(counts.Count, rule + 1)];
        for (var i = 0; i < counts.Count; i++)
        {
            next[i] = counts[i];
        }
        next[rule]++;
        return next;
    }

    private static bool Matches(AutomaticRetryRule rule, int exitStatus, string? signal, string? signalReason)
    {
        var exitMatches = rule.ExitStatuses is null ? exitStatus != 0 : rule.ExitStatuses.Contains(exitStatus);
        return exitMatches && MatchesName(rule.Signal, Normalize(signal)) && MatchesName(rule.SignalReason, signalReason);
    }

    private static bool MatchesName(string? wanted, string? actual) => wanted switch
    {
        null or "*" => true,
        "none" => string.IsNullOrEmpty(actual),
        _ => string.Equals(Normalize(wanted), Normalize(actual), StringComparison.OrdinalIgnoreCase),
    };

    // SIGKILL and kill name the same signal.
    private static string? Normalize(string? name)
        => name is not null && name.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? name[3..] : name;
}
