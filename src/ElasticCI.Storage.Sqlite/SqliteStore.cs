using System.Data;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ElasticCI.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. All access goes through one connection guarded by an
/// async lock, so every write transaction is serialized; that makes each compare-and-set trivially atomic
/// while still writing the <c>WHERE state = ...</c> guards a multi-writer store would need.
/// </summary>
internal sealed partial class SqliteStore : IBuildStore, IJobStore, IAgentStore, IFleetStore, IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly IClusterSignal _signal;

    static SqliteStore()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    private SqliteStore(SqliteConnection connection, IClusterSignal signal)
    {
        _connection = connection;
        _signal = signal;
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

    /// <summary>Versions of the embedded schema scripts that have been applied, in order.</summary>
    public async Task<IReadOnlyList<int>> AppliedMigrationsAsync(CancellationToken cancellationToken)
        => await ReadAsync(async c => (await c.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList(), cancellationToken);

    public async ValueTask DisposeAsync()
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

    internal static IEnumerable<(int Version, string Sql)> EmbeddedScripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Schema.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            // "Schema.001_initial.sql" → 1
            var version = int.Parse(name.AsSpan(7, 3), provider: null);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (version, reader.ReadToEnd());
        }
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
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

    /// <summary>A write that observers wait for: the cluster signal is raised once it commits, when <paramref name="changed"/> says it changed something.</summary>
    private async Task<T> WriteAndSignalAsync<T>(Func<SqliteConnection, IDbTransaction, Task<T>> work, Func<T, bool> changed, CancellationToken cancellationToken)
    {
        var result = await WriteAsync(work, cancellationToken);
        if (changed(result))
        {
            _signal.Raise();
        }
        return result;
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, IDbTransaction, Task<T>> work, CancellationToken cancellationToken)
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
