namespace ElasticCI.Cluster;

/// <summary>
/// The leadership of a coordinator alone on its store (the embedded SQLite setup): it leads from start to stop, in
/// one term (epoch 1) that never expires, so once-only work behaves exactly as without replicas.
/// </summary>
internal sealed class SoleLeadership(string replicaId) : ILeadership
{
    private static readonly LeaderTerm Term = new(1, DateTimeOffset.MaxValue);
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ReplicaId { get; } = replicaId;

    public LeaderTerm? CurrentTerm => Term;

    public Task Changed => _never.Task;

    public TimeSpan? LeaseDuration => null;

    public Task<LeaderRecord?> ReadLeaderAsync(CancellationToken cancellationToken)
        => Task.FromResult<LeaderRecord?>(new LeaderRecord(ReplicaId, Term.Epoch, Term.ValidUntil));
}
