using System.Data.Common;

namespace ElasticCI.Cluster;

/// <summary>
/// Fencing beyond the lease: the work a leader term runs carries the term's epoch (a fencing token) in its async flow, and
/// a store's write transaction checks it against the shared lease (<see cref="CheckAsync"/>, one call in the store's write
/// wrapper). A replica that was paused past its lease, and resumes with a write already decided, has that write refused
/// in the database even when the write does not observe the term's cancellation.
/// </summary>
/// <remarks>
/// Ambient (an <see cref="AsyncLocal{T}"/>, as <c>Activity.Current</c> is) rather than a parameter: the token must reach
/// every store write of the once-only duties without changing each store method, and writes outside a term (the API, the
/// agents' calls, shutdown) carry none and are never fenced. Work started inside a term inherits its token, so a task
/// that outlives its term is refused too.
/// </remarks>
internal static class LeaderFencing
{
    private static readonly AsyncLocal<FencedTerm?> Ambient = new();

    /// <summary>
    /// The epoch of the leader term whose work runs in this async flow; null outside a term's work (the API, the agents'
    /// calls, a coordinator alone on its store). A provider call, which no database can fence, checks it against the
    /// current term first (<see cref="LaunchFenceDecision"/>).
    /// </summary>
    public static long? CurrentEpoch => Ambient.Value?.Epoch;

    /// <summary>
    /// Runs <paramref name="work"/> as work of the term <paramref name="epoch"/>: its store writes are checked by
    /// <paramref name="fence"/>; a refusal cancels <paramref name="term"/> before the write fails.
    /// </summary>
    public static async Task RunAsync(IWriteFence fence, long epoch, CancellationTokenSource term, Func<CancellationToken, Task> work)
    {
        // Set inside this async method: the caller's flow gets its own value back when it returns.
        Ambient.Value = new FencedTerm(fence, epoch, term);
        await work(term.Token);
    }

    /// <summary>
    /// Called by a store inside its write transaction (after it took its write lock): nothing outside a term; inside one,
    /// the term's epoch is checked against the lease, and a stale one throws <see cref="FencedWriteRefusedException"/>
    /// after canceling the term, so the transaction rolls back and the duty ends its term.
    /// </summary>
    public static async Task CheckAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (Ambient.Value is not { } term)
        {
            return;
        }
        var verdict = await term.Fence.CheckAsync(connection, transaction, term.Epoch, cancellationToken);
        if (verdict.Current)
        {
            return;
        }
        CancellationToken token;
        try
        {
            token = term.Source.Token;
            await term.Source.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The term's gate has already moved on (its token was canceled before it was disposed).
            token = new CancellationToken(canceled: true);
        }
        throw new FencedWriteRefusedException(verdict, token);
    }

    private sealed record FencedTerm(IWriteFence Fence, long Epoch, CancellationTokenSource Source);
}
