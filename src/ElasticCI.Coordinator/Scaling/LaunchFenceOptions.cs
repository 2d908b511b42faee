namespace ElasticCI.Coordinator.Scaling;

/// <summary>
/// The fencing of provider calls across a leader change (<see cref="ElasticCI.Cluster.LaunchFenceDecision"/>); only
/// replicas with a lease (several coordinators on PostgreSQL) use it. Validated at start-up by <see cref="LaunchFenceOptionsValidator"/>.
/// </summary>
internal sealed class LaunchFenceOptions
{
    public const string SectionName = "LaunchFence";

    /// <summary>The least time a leader's term must still have, by its own clock, for a once-only duty to start a provider call (launch, terminate).</summary>
    /// <remarks>Default: null, a quarter of the lease (2 s of the default 8 s lease). Must be less than half the lease.</remarks>
    public TimeSpan? TermMargin { get; set; }

    /// <summary>
    /// How long a provider's launch call may take: with the lease, the grace window in which a new leader leaves an instance
    /// its provider does not know yet alone (a previous leader's call may still be under way). A call that takes longer and
    /// lands anyway is terminated by the reconcile as an orphan.
    /// </summary>
    /// <remarks>Default: 30 seconds; between 1 second and 10 minutes.</remarks>
    public TimeSpan LaunchCallBound { get; set; } = TimeSpan.FromSeconds(30);
}
