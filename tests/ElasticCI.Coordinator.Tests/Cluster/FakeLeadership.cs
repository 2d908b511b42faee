using ElasticCI.Cluster;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>Leadership the test hands out and takes away.</summary>
internal sealed class FakeLeadership : ILeadership
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LeaderTerm? _term;

    public string ReplicaId => "fake";

    public LeaderTerm? CurrentTerm => Volatile.Read(ref _term);

    public Task Changed => Volatile.Read(ref _changed).Task;

    public TimeSpan? LeaseDuration => TimeSpan.FromSeconds(2);

    public Task<LeaderRecord?> ReadLeaderAsync(CancellationToken cancellationToken)
        => Task.FromResult(CurrentTerm is { } t ? new LeaderRecord(ReplicaId, t.Epoch, t.ValidUntil) : null);

    public void Set(LeaderTerm? term)
    {
        Volatile.Write(ref _term, term);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
