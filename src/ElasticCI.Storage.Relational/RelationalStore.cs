using System.Data.Common;
using Dapper;

namespace ElasticCI.Storage.Relational;

/// <summary>
/// Every store flow (claim, start, finish, advance, retries, uploads, triggers, logs, fleet, ...) written once over
/// <see cref="DbConnection"/> and Dapper, for any relational engine. A concrete store supplies only what is its own:
/// the connection and the write wrapper (<see cref="ReadAsync"/>, <see cref="WriteAsync"/>: how one transaction is
/// made the only writer), its migrations, and the <see cref="SqlDialect"/> for the little SQL the engines do not share.
/// </summary>
/// <remarks>
/// Every write runs as one transaction in which the flow sees everything committed before it (the concrete store
/// guarantees this: SQLite's single writer, PostgreSQL's transaction-scoped write lock), so the
/// <c>WHERE state = ...</c> guards are the compare-and-set each flow decides delivery with.
/// </remarks>
internal abstract partial class RelationalStore : IBuildStore, IJobStore, IAgentStore, IFleetStore, IAsyncDisposable
{
    private readonly IClusterSignal _signal;

    static RelationalStore()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    protected RelationalStore(SqlDialect dialect, IClusterSignal signal)
    {
        Sql = dialect;
        _signal = signal;
    }

    /// <summary>The engine's SQL for what the engines do not share.</summary>
    protected SqlDialect Sql { get; }

    /// <summary>Versions of the embedded schema scripts that have been applied, in order.</summary>
    public async Task<IReadOnlyList<int>> AppliedMigrationsAsync(CancellationToken cancellationToken)
        => await ReadAsync(async c => (await c.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList(), cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Runs a read of one or more statements that sees one consistent state.</summary>
    protected abstract Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> as one write transaction, alone among writers, and commits it.</summary>
    protected abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// A write that is one statement on rows of its own: no flow reads what it writes and decides on it under the write
    /// lock, and the statement is atomic by itself (a row lock orders two of them). A store whose write lock is shared by
    /// every process (PostgreSQL) runs it without that lock, so it never queues behind other writers; elsewhere it is an
    /// ordinary write. Keep to the rule: a multi-statement flow or a read-then-write belongs in <see cref="WriteAsync{T}"/>.
    /// </summary>
    protected virtual Task<T> WriteRowAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
        => WriteAsync(work, cancellationToken);

    /// <summary>
    /// A flow that reads and writes only rows it creates in the same transaction (so no other flow sees them before it
    /// commits), besides row writes in the sense of <see cref="WriteRowAsync{T}"/>: creating a build with its jobs and
    /// deciding which of them are scheduled. Like a row write, a store whose write lock is shared by every process runs
    /// it without that lock; elsewhere it is an ordinary write.
    /// </summary>
    protected virtual Task<T> WriteNewRowsAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
        => WriteAsync(work, cancellationToken);

    /// <summary>A write that observers wait for: the cluster signal is raised once it commits, when <paramref name="changed"/> says it changed something.</summary>
    private async Task<T> WriteAndSignalAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, Func<T, bool> changed, CancellationToken cancellationToken)
    {
        var result = await WriteAsync(work, cancellationToken);
        if (changed(result))
        {
            Announce();
        }
        return result;
    }

    /// <summary>After a commit that changed jobs, agents or instances: the one place a store announces a change (a cross-process <see cref="IClusterSignal"/>, LISTEN/NOTIFY, plugs in here).</summary>
    private void Announce() => _signal.Raise();
}
