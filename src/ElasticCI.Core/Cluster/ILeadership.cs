namespace ElasticCI.Cluster;

/// <summary>
/// Whether this coordinator replica leads the cluster now. Work that must happen once (the scaler loops, the lost-agent
/// reaper, timeouts, triggers, notifications, spot deadlines, rolling updates, instance reconcile) runs only while
/// <see cref="CurrentTerm"/> is not null. One process on its own store leads always (<see cref="SoleLeadership"/>);
/// replicas sharing a database hold a lease in it (<c>ElasticCI.Cluster.Postgres.PostgresLeaderLease</c>).
/// </summary>
/// <remarks>
/// Fencing: <see cref="CurrentTerm"/> checks the lease against the clock on every read, so a replica that was paused
/// past its lease (GC, SIGSTOP, a slow disk) sees itself lose the lead before it acts again, and a new term always
/// carries a higher <see cref="LeaderTerm.Epoch"/> than every term before it. Thread-safe.
/// </remarks>
internal interface ILeadership
{
    /// <summary>This replica's identity (host name plus a random suffix, or <c>--replica-id</c>).</summary>
    string ReplicaId { get; }

    /// <summary>The term this replica leads in, when it leads and its lease is still valid by the clock now; otherwise null.</summary>
    LeaderTerm? CurrentTerm { get; }

    /// <summary>
    /// Completes at the next change of this replica's lead (gained, lost, or a new term). Take it before reading
    /// <see cref="CurrentTerm"/>, then await it: no change between the two is missed.
    /// </summary>
    Task Changed { get; }

    /// <summary>
    /// How long a term lasts without renewal, or null when the lead never expires (<see cref="SoleLeadership"/>): what a new
    /// leader waits for before it takes an old leader's launch in flight for lost (<see cref="LaunchFenceDecision"/>).
    /// </summary>
    TimeSpan? LeaseDuration { get; }

    /// <summary>The cluster's current leader as the shared database records it; null when no replica holds a valid lease.</summary>
    Task<LeaderRecord?> ReadLeaderAsync(CancellationToken cancellationToken);
}
