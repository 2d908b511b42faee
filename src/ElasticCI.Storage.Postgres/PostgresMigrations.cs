using Dapper;
using ElasticCI.Storage.Relational;
using Npgsql;

namespace ElasticCI.Storage.Postgres;

/// <summary>
/// Applies the embedded numbered schema scripts (Schema/NNN_name.sql) that <c>schema_migrations</c> does not list yet.
/// Everything runs under one session advisory lock, so coordinators that start at the same moment on an empty database
/// take turns: the first applies each script once, the others find them applied.
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>The advisory lock key of the migration step (any constant; "ECI" + "migr" in ASCII).</summary>
    public const long LockKey = 0x4543_496D_6967_72;

    public static async Task RunAsync(NpgsqlDataSource dataSource, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var c = await dataSource.OpenConnectionAsync(cancellationToken);
        // A session lock, not a transaction lock: it is held across the scripts and released when this connection closes,
        // also when this process dies half-way (each script and its row commit together, so a retry resumes).
        await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = LockKey }, cancellationToken: cancellationToken));
        try
        {
            await c.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", cancellationToken: cancellationToken));
            var applied = (await c.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
            foreach (var (version, sql) in EmbeddedScripts())
            {
                if (applied.Contains(version))
                {
                    continue;
                }
                await using var tx = await c.BeginTransactionAsync(cancellationToken);
                await c.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: cancellationToken));
                await c.ExecuteAsync(new CommandDefinition("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)",
                    new { version, at = time.GetUtcNow().ToUnixTimeMilliseconds() }, tx, cancellationToken: cancellationToken));
                await tx.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await c.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = LockKey });
        }
    }

    public static IEnumerable<(int Version, string Sql)> EmbeddedScripts() => SchemaScripts.Read(typeof(PostgresMigrations).Assembly);
}
