using Dapper;

namespace ElasticCI.Storage.Postgres;

internal sealed partial class PostgresStore : ISharedTokenRotation
{
    public Task<string?> ReadTokenAsync(string name, CancellationToken cancellationToken)
        => ReadAsync(c => c.QuerySingleOrDefaultAsync<string?>("SELECT value FROM shared_tokens WHERE name = @name", new { name }), cancellationToken);

    public Task ReplaceTokenAsync(string name, string value, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) => await c.ExecuteAsync(
            """
            INSERT INTO shared_tokens (name, value, created_at) VALUES (@name, @value, @at)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, created_at = excluded.created_at
            """, new { name, value, at = Time.To(now) }, tx), cancellationToken);
}
