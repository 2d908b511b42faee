using System.Data;
using System.Data.Common;
using Dapper;
using ElasticCI.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace ElasticCI.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. All access goes through one connection guarded by an
/// async lock, so every write transaction is serialized; that makes each compare-and-set trivially atomic
/// while still writing the <c>WHERE state = ...</c> guards a multi-writer store would need. The flows are
/// <see cref="RelationalStore"/>'s; this class holds the connection, the lock, the migrations and <see cref="SqliteDialect"/>.
/// </summary>
internal sealed class SqliteStore : RelationalStore
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);

    private SqliteStore(SqliteConnection connection, IClusterSignal signal)
        : base(SqliteDialect.Instance, signal)
    {
        _connection = connection;
    }

    /// <summary>Opens the store with a signal of its own (for tests and tools that observe nothing).</summary>
    public static Task<SqliteStore> OpenAsync(string connectionString, CancellationToken cancellationToken)
        => OpenAsync(connectionString, new InProcessClusterSignal(), cancellationToken);

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="connectionString"/> and applies pending migrations.
    /// Writes that change jobs, agents or instances raise <paramref name="signal"/> once they commit.
    /// </summary>
    public static async Task<SqliteStore> OpenAsync(string connectionString, IClusterSignal signal, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // WAL: readers never block the writer; NORMAL sync: a committed transaction survives a process crash
        // (the WAL is in the OS page cache), and only a power loss may lose the last few.
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
        var store = new SqliteStore(connection, signal);
        await store.MigrateAsync(cancellationToken);
        return store;
    }

    /// <summary>
    /// <see cref="OpenAsync(string, IClusterSignal, CancellationToken)"/> for a container factory, which cannot await.
    /// Microsoft.Data.Sqlite completes its asynchronous calls synchronously (a local file, no I/O completion), so
    /// waiting here blocks no more than the synchronous API would.
    /// </summary>
    public static SqliteStore Open(string connectionString, IClusterSignal signal)
        => OpenAsync(connectionString, signal, CancellationToken.None).GetAwaiter().GetResult();

    public override async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _lock.Dispose();
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", transaction: tx);
            var applied = (await c.QueryAsync<int>("SELECT version FROM schema_migrations", transaction: tx)).ToHashSet();
            foreach (var (version, sql) in EmbeddedScripts())
            {
                if (applied.Contains(version))
                {
                    continue;
                }
                await c.ExecuteAsync(sql, transaction: tx);
                await c.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, datetime('now'))", new { version }, tx);
            }
            return 0;
        }, cancellationToken);
    }

    internal static IEnumerable<(int Version, string Sql)> EmbeddedScripts() => SchemaScripts.Read(typeof(SqliteStore).Assembly);

    protected override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return await work(_connection);
        }
        finally
        {
            _lock.Release();
        }
    }

    protected override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            // BEGIN IMMEDIATE: take the write lock up front, so a second process on the same file waits rather than deadlocks.
            using var tx = _connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            var result = await work(_connection, tx);
            tx.Commit();
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }
}
