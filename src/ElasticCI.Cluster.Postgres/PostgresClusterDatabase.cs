using Npgsql;

namespace ElasticCI.Cluster.Postgres;

/// <summary>
/// The cluster's own connection pool and its one table, <c>leader_lease</c>, created idempotently (under an advisory lock,
/// because two replicas running <c>CREATE TABLE IF NOT EXISTS</c> at once can still collide in PostgreSQL's catalog).
/// </summary>
internal sealed class PostgresClusterDatabase : IAsyncDisposable
{
    // An arbitrary constant: the advisory lock that serialises creating the cluster table across replicas.
    private const long SchemaLockKey = 0x456C617374696331;

    private readonly NpgsqlDataSource _dataSource;
    private int _schemaReady;

    public PostgresClusterDatabase(PostgresClusterOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            // A lease query that hangs is as bad as a failed one: give up well within a renewal interval.
            Timeout = Math.Max(1, (int)Math.Ceiling(options.RenewInterval.TotalSeconds)),
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.RenewInterval.TotalSeconds)),
        };
        ConnectionString = builder.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(Bounded(builder, options.LeaseDuration));
    }

    /// <summary>The connection string with the cluster's client-side timeouts (for the dedicated LISTEN connection).</summary>
    public string ConnectionString { get; }

    /// <summary>The longest a statement on <see cref="DataSource"/> runs on the server: a third of the lease.</summary>
    public static TimeSpan StatementBound(TimeSpan leaseDuration) => leaseDuration / 3;

    /// <summary>The longest a statement on <see cref="DataSource"/> waits for another session's lock: a quarter of the lease.</summary>
    /// <remarks>Shorter than <see cref="StatementBound"/>, so a blocked renewal is logged as a lock timeout (55P03), not a slow statement.</remarks>
    public static TimeSpan LockBound(TimeSpan leaseDuration) => leaseDuration / 4;

    /// <summary>
    /// The pool's connection string: every statement bounded on the server (<c>statement_timeout</c>, <c>lock_timeout</c>),
    /// so a renewal blocked by another session's row lock fails within a quarter of the lease instead of waiting past it;
    /// and the wait for a cancelled statement's answer bounded on the client (then the connection is dropped), so an
    /// attempt cancelled at half the lease has ended by three quarters of it even when the server does not answer.
    /// </summary>
    private static string Bounded(NpgsqlConnectionStringBuilder builder, TimeSpan leaseDuration)
    {
        var statement = (long)StatementBound(leaseDuration).TotalMilliseconds;
        var lockWait = (long)LockBound(leaseDuration).TotalMilliseconds;
        var bounded = new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            // Later -c settings win, so these hold over any the operator's connection string gives.
            Options = $"{builder.Options} -c statement_timeout={statement} -c lock_timeout={lockWait}".Trim(),
            CancellationTimeout = Math.Max(1, (int)(leaseDuration / 4).TotalMilliseconds),
        };
        return bounded.ConnectionString;
    }

    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Creates the <c>leader_lease</c> table and the lease's row if missing; cheap after the first success.</summary>
    public async Task EnsureSchemaAsync(string leaseName, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _schemaReady) == 1)
        {
            return;
        }
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(@key);
            CREATE TABLE IF NOT EXISTS leader_lease (
                name       text PRIMARY KEY,
                holder     text NOT NULL,
                epoch      bigint NOT NULL,
                expires_at timestamptz NOT NULL
            );
            INSERT INTO leader_lease (name, holder, epoch, expires_at) VALUES (@name, '', 0, '-infinity') ON CONFLICT (name) DO NOTHING;
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("key", SchemaLockKey);
            command.Parameters.AddWithValue("name", leaseName);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        Volatile.Write(ref _schemaReady, 1);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
