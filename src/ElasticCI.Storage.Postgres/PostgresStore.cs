using System.Data;
using System.Data.Common;
using Dapper;
using ElasticCI.Storage.Relational;
using Npgsql;

namespace ElasticCI.Storage.Postgres;

/// <summary>
/// The shared store: one PostgreSQL database that several coordinator processes may use at once. There is no lock in
/// the process. Every write flow is one transaction that first takes the database's write lock (a transaction-scoped
/// advisory lock, <see cref="WriteLockKey"/>), so the flows (claim, finish, advance) of every coordinator run one after
/// another, exactly as under the SQLite store's single writer, and each sees everything committed before it. The
/// <c>WHERE state = ...</c> guards are the compare-and-set each flow decides delivery with. Writes that touch only rows
/// of their own (a job's token, the build-number counter, a new build with its jobs) skip the lock: no flow reads them
/// under it (<see cref="RelationalStore"/>'s <c>WriteRowAsync</c> and <c>WriteNewRowsAsync</c>).
/// </summary>
/// <remarks>
/// Why one write lock and not SERIALIZABLE transactions: with SERIALIZABLE, the agents' simultaneous claims on one queue
/// and the build writes conflict constantly (measured: about 45 % of write transactions aborted and retried, 50 ms mean
/// per transaction under the dispatch bench); taking the lock costs one round trip and never aborts. What keeps the lock
/// short: a claim reserves its job before it queues for the lock (<c>PostgresStore.ClaimReservation.cs</c>), and a flow
/// holding it runs its statements synchronously (<see cref="SynchronousConnection"/>).
/// The flows are <see cref="RelationalStore"/>'s; this class holds the data source, the write wrapper (lock and
/// retries), the migrations and <see cref="PostgresDialect"/>.
/// </remarks>
internal sealed partial class PostgresStore : RelationalStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    /// <summary>The advisory lock key every write transaction takes first (any constant; "ECI" + "write" in ASCII).</summary>
    internal const long WriteLockKey = 0x4543_4977_7269_7465;

    /// <summary>Takes the write lock in a statement without rows, so it can go ahead of a flow's first command.</summary>
    private static readonly string TakeWriteLock = string.Create(
        System.Globalization.CultureInfo.InvariantCulture, $"DO 'BEGIN PERFORM pg_advisory_xact_lock({WriteLockKey}); END'");

    private PostgresStore(NpgsqlDataSource dataSource, IClusterSignal signal, TimeProvider time)
        : base(PostgresDialect.Instance, signal)
    {
        _dataSource = dataSource;
        _time = time;
    }

    /// <summary>Opens the store with a signal of its own (for tests and tools that observe nothing).</summary>
    public static Task<PostgresStore> OpenAsync(string connectionString, CancellationToken cancellationToken)
        => OpenAsync(connectionString, new InProcessClusterSignal(), TimeProvider.System, cancellationToken);

    /// <summary>
    /// Connects to the database named by the Npgsql <paramref name="connectionString"/> and applies pending migrations
    /// under an advisory lock (several coordinators starting at once run each migration once). Writes that change jobs,
    /// agents or instances raise <paramref name="signal"/> once they commit.
    /// </summary>
    public static async Task<PostgresStore> OpenAsync(string connectionString, IClusterSignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new PostgresStore(dataSource, signal, time);
        try
        {
            await PostgresMigrations.RunAsync(dataSource, time, cancellationToken);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
        return store;
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>What a transaction does: reads (one snapshot), a row write (no write lock) or a flow under the write lock.</summary>
    private enum Access
    {
        Read,
        RowWrite,
        LockedWrite,
    }

    /// <summary>What a transaction's first step (before the write lock) decided.</summary>
    private enum Prelude
    {
        /// <summary>Nothing to do: the transaction ends here, rolled back, the lock never taken.</summary>
        Stop,

        /// <summary>Go on: take the write lock, then run the work.</summary>
        TakeLock,

        /// <summary>Go on: the first step already took the write lock (in the same statement).</summary>
        LockTaken,
    }

    protected override Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
        => RunAsync((c, _) => work(c), Access.Read, beforeLock: null, cancellationToken);

    protected override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
        => RunAsync(work, Access.LockedWrite, beforeLock: null, cancellationToken);

    /// <summary>One statement on rows of its own (see the base): no write lock, so it never waits for the other writers.</summary>
    protected override Task<T> WriteRowAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
        => RunAsync(work, Access.RowWrite, beforeLock: null, cancellationToken);

    /// <summary>A flow on rows it creates (see the base): no write lock either; its rows are row-locked by being new.</summary>
    protected override Task<T> WriteNewRowsAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
        => RunAsync(work, Access.RowWrite, beforeLock: null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on a pooled connection, after taking the write lock when
    /// <paramref name="access"/> says so. <paramref name="beforeLock"/> (when given) runs first in the same transaction and
    /// says whether to go on (<see cref="Prelude"/>); when it stops, the transaction ends there and the result is the
    /// default. Under READ COMMITTED each statement reads what was committed before it, so once the lock is held the work
    /// sees every earlier write. A serialization failure or deadlock runs it again from the start; a connection cut (the
    /// server restarted) is retried on a fresh connection while the server comes back. A connection lost during the
    /// commit is never retried: it may have committed, and running the flow twice is not safe (a conflict reported by the
    /// commit did not commit).
    /// </summary>
    private async Task<T> RunAsync<T>(
        Func<DbConnection, DbTransaction, Task<T>> work, Access access,
        Func<DbConnection, DbTransaction, Prelude>? beforeLock, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var committing = false;
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                // REPEATABLE READ: a read of several statements (a build, then its jobs) sees one snapshot, as under SQLite's lock.
                await using var tx = await connection.BeginTransactionAsync(
                    access == Access.Read ? IsolationLevel.RepeatableRead : IsolationLevel.ReadCommitted, cancellationToken);
                var prelude = beforeLock is null ? Prelude.TakeLock : beforeLock(connection, tx);
                if (prelude == Prelude.Stop)
                {
                    return default!;
                }
                // The write lock is released by the commit or rollback, also when this process dies (the server ends the
                // session). Outside a leader's term nothing is fenced, so it is taken by the flow's first command, in the
                // same round trip; a term's write checks its lease after the lock, so it takes the lock first.
                var lockAhead = access == Access.LockedWrite && prelude == Prelude.TakeLock && ElasticCI.Cluster.LeaderFencing.CurrentEpoch is null;
                if (access == Access.LockedWrite && prelude == Prelude.TakeLock && !lockAhead)
                {
                    await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = WriteLockKey }, tx, cancellationToken: cancellationToken));
                }
                if (access != Access.Read)
                {
                    await ElasticCI.Cluster.LeaderFencing.CheckAsync(connection, tx, cancellationToken);
                }
                if (access != Access.LockedWrite)
                {
                    var result = await work(connection, tx);
                    committing = true;
                    await tx.CommitAsync(cancellationToken);
                    return result;
                }
                // Holding the lock, every statement and the commit block their thread (SynchronousConnection says why).
                var locked = await work(SynchronousConnection.Of(connection, lockAhead ? TakeWriteLock : null), tx);
                committing = true;
                tx.Commit();
                return locked;
            }
            catch (Exception ex) when (PostgresRetry.Classify(ex) is var kind && kind != PostgresRetry.Kind.None
                && (!committing || kind == PostgresRetry.Kind.Conflict)
                && PostgresRetry.ShouldRetry(kind, attempt, _time.GetElapsedTime(started)))
            {
                if (kind == PostgresRetry.Kind.Connection)
                {
                    // Every pooled connection died with the server: drop them, so the next attempt opens a new one.
                    _dataSource.Clear();
                }
                await Task.Delay(PostgresRetry.Backoff(kind, attempt), _time, cancellationToken);
            }
        }
    }
}
