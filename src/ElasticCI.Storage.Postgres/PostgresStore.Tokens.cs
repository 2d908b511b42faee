using Dapper;
using ElasticCI.Storage.Relational;

namespace ElasticCI.Storage.Postgres;

internal sealed partial class PostgresStore : ISharedTokenStore
{
    public Task<string> GetOrCreateTokenAsync(string name, string candidate, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            // The first replica's candidate wins; every later (or simultaneous) one reads the stored value.
            await c.ExecuteAsync("INSERT INTO shared_tokens (name, value, created_at) VALUES (@name, @candidate, @at) ON CONFLICT (name) DO NOTHING",
                new { name, candidate, at = Time.To(now) }, tx);
            return await c.QuerySingleAsync<string>("SELECT value FROM shared_tokens WHERE name = @name", new { name }, tx);
        }, cancellationToken);
}
