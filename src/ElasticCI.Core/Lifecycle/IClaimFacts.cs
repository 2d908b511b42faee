namespace ElasticCI.Lifecycle;

/// <summary>
/// What <see cref="ClaimChoice"/> asks the store while it chooses, read inside the claim's transaction and only when
/// needed (Quartz's job-store delegate split: the rule is Core's, the query is the store's).
/// </summary>
internal interface IClaimFacts
{
    /// <summary>Tags of idle agents of the same queue with a higher priority that heartbeated within <see cref="ClaimChoice.PriorityHold"/>.</summary>
    Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> HigherPriorityIdleAgentsAsync(CancellationToken cancellationToken);

    /// <summary>How many jobs of the concurrency group are on agents (assigned or running), across all builds.</summary>
    Task<long> ActiveInGroupAsync(string group, CancellationToken cancellationToken);

    /// <summary>The group's oldest scheduled job (by creation, then step order).</summary>
    Task<string?> OldestScheduledInGroupAsync(string group, CancellationToken cancellationToken);
}
