using ElasticCI.Agents;

namespace ElasticCI.Lifecycle;

/// <summary>Which scheduled job an idle agent gets: the first candidate it matches that no one else has a better claim to.</summary>
internal static class ClaimChoice
{
    /// <summary>How many scheduled jobs of a queue are checked against an agent's tags per claim.</summary>
    public const int Candidates = 100;

    /// <summary>How recent an idle agent's heartbeat must be for it to hold jobs back from lower-priority agents.</summary>
    public static readonly TimeSpan PriorityHold = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The first candidate (in dispatch order) whose agent rules the agent's tags match, that no fresher idle agent with a
    /// higher priority could take (Buildkite: higher priority is dispatched first), and whose concurrency group has a slot.
    /// </summary>
    public static async Task<string?> ChooseAsync(
        IEnumerable<ClaimCandidate> candidates, IReadOnlyDictionary<string, string> agentTags, IClaimFacts facts, CancellationToken cancellationToken)
    {
        IReadOnlyList<IReadOnlyDictionary<string, string>>? higher = null;
        foreach (var candidate in candidates)
        {
            if (!AgentTargeting.Matches(candidate.AgentRules, agentTags))
            {
                continue;
            }
            // Read once per claim, and only when there is a job this agent could take.
            higher ??= await facts.HigherPriorityIdleAgentsAsync(cancellationToken);
            if (higher.Any(other => AgentTargeting.Matches(candidate.AgentRules, other)))
            {
                continue;
            }
            if (candidate.ConcurrencyGroup is not { } group || await HasConcurrencySlotAsync(candidate, group, facts, cancellationToken))
            {
                return candidate.JobId;
            }
        }
        return null;
    }

    /// <summary>
    /// A job of a concurrency group may go to an agent while fewer than the limit of the group's jobs are on agents
    /// (across all builds); with <c>ordered</c> (the default) only the group's oldest scheduled job may take the slot.
    /// </summary>
    private static async Task<bool> HasConcurrencySlotAsync(ClaimCandidate candidate, string group, IClaimFacts facts, CancellationToken cancellationToken)
    {
        if (await facts.ActiveInGroupAsync(group, cancellationToken) >= (candidate.ConcurrencyLimit ?? 1))
        {
            return false;
        }
        return candidate.IsEager || await facts.OldestScheduledInGroupAsync(group, cancellationToken) == candidate.JobId;
    }
}
