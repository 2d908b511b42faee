using Dapper;
using ElasticCI.Storage.Relational;

namespace ElasticCI.Storage.Postgres;

internal sealed partial class PostgresStore : ISharedTokenStore, ISharedTokenRotation
{
    public Task<string> GetOrCreateTokenAsync(string name, string candidate, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            // The first replica's candidate wins; every later (or simultaneous) one reads the stored value.
            await c.ExecuteAsync("INSERT INTO shared_tokens (name, value, created_at) VALUES (@name, @candidate, @at) ON CONFLICT (name) DO NOTHING",
                new { name, candidate, at = Time.To(now) }, tx);
            return await c.QuerySingleAsync<string>("SELECT value FROM shared_tokens WHERE name = @name", new { name }, tx);
        }, cancellationToken);

    public Task<string?> ReadTokenAsync(string name, CancellationToken cancellationToken)
        => ReadAsync(c => c.QuerySingleOrDefaultAsync<string?>("SELECT value FROM shared_tokens WHERE name = @name", new { name }), cancellationToken);

    public Task ReplaceTokenAsync(string name, string value, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) => await c.ExecuteAsync(
            """
            INSERT INTO shared_tokens (name, value, created_at) VALUES (@name, @value, @at)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, created_at = excluded.created_at
            """, new { name, value, at = Time.To(now) }, tx), cancellationToken);
}
