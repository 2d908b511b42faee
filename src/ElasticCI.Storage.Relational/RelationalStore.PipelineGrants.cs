using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : IPipelineGrantStore
{
    public Task SetPipelineGrantsAsync(string slug, IReadOnlyList<string> prefixes, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("DELETE FROM pipeline_secrets_grants WHERE slug = @slug", new { slug }, tx);
            foreach (var prefix in prefixes.Distinct(StringComparer.Ordinal))
            {
                await c.ExecuteAsync("INSERT INTO pipeline_secrets_grants (slug, prefix) VALUES (@slug, @prefix)", new { slug, prefix }, tx);
            }
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> GetPipelineGrantsAsync(string slug, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<string>>(async c => (await c.QueryAsync<string>(
            "SELECT prefix FROM pipeline_secrets_grants WHERE slug = @slug ORDER BY prefix", new { slug })).ToList(), cancellationToken);
}
