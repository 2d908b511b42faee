using System.Data.Common;
using ElasticCI.Cluster;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// Leadership the test hands out, shortens and takes away, with a 2 s lease, that fences like a shared database's: the
/// once-only duties run as work of the current term's epoch (<see cref="LeaderFencing"/>). Its write check passes a write
/// of the current term only (a SQLite store never asks); what it exercises is the fencing of provider calls.
/// </summary>
internal sealed class FakeLeadership : ILeadership, IWriteFence
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LeaderTerm? _term;

    public string ReplicaId => "fake";

    public LeaderTerm? CurrentTerm => Volatile.Read(ref _term);

    public Task Changed => Volatile.Read(ref _changed).Task;

    public TimeSpan? LeaseDuration => TimeSpan.FromSeconds(2);

    public Task<LeaderRecord?> ReadLeaderAsync(CancellationToken cancellationToken)
        => Task.FromResult(CurrentTerm is { } t ? new LeaderRecord(ReplicaId, t.Epoch, t.ValidUntil) : null);

    public Task<FenceVerdict> CheckAsync(DbConnection connection, DbTransaction transaction, long epoch, CancellationToken cancellationToken)
        => Task.FromResult(new FenceVerdict(CurrentTerm?.Epoch == epoch, epoch, ReplicaId, CurrentTerm?.Epoch ?? 0));

    public void Set(LeaderTerm? term)
    {
        Volatile.Write(ref _term, term);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
