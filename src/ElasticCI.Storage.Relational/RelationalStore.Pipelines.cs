using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : IPipelineStore
{
    private const string PipelineColumns = "slug, name, repository, default_branch, configuration, created_at, updated_at";

    public Task<bool> PutPipelineAsync(PipelineRecord pipeline, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            var at = Time.To(now);
            var existing = await c.QuerySingleOrDefaultAsync<(string? Id, string? Configuration)>(
                "SELECT id, configuration FROM pipelines WHERE slug = @slug", new { slug = pipeline.Slug }, tx);
            var values = new
            {
                slug = pipeline.Slug, name = pipeline.Name, repository = pipeline.Repository, defaultBranch = pipeline.DefaultBranch,
                configuration = pipeline.Configuration, at, id = existing.Id ?? Guid.CreateVersion7(now).ToString(),
            };
            // A build number reservation (a row write, outside the write lock) may create the row meanwhile: then it is
            // updated below like any pipeline that so far only had builds.
            if (existing.Id is null && await c.ExecuteAsync("""
                    INSERT INTO pipelines (id, slug, name, repository, default_branch, configuration, created_at, updated_at)
                    VALUES (@id, @slug, @name, @repository, @defaultBranch, @configuration, @at, @at) ON CONFLICT (slug) DO NOTHING
                    """, values, tx) == 1)
            {
                return true;
            }
            // A pipeline that so far only had builds keeps its id and numbering and gains a definition.
            await c.ExecuteAsync("""
                UPDATE pipelines SET name = @name, repository = @repository, default_branch = @defaultBranch, configuration = @configuration,
                    updated_at = @at, created_at = CASE WHEN configuration IS NULL THEN @at ELSE created_at END
                WHERE slug = @slug
                """, values, tx);
            return existing.Configuration is null;
        }, cancellationToken);

    public Task<PipelineRecord?> GetPipelineAsync(string slug, CancellationToken cancellationToken)
        => ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<PipelineRow>(
            $"SELECT {PipelineColumns} FROM pipelines WHERE slug = @slug AND configuration IS NOT NULL", new { slug }))?.ToRecord(), cancellationToken);

    public Task<IReadOnlyList<PipelineRecord>> ListPipelinesAsync(CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<PipelineRecord>>(async c => (await c.QueryAsync<PipelineRow>(
            $"SELECT {PipelineColumns} FROM pipelines WHERE configuration IS NOT NULL ORDER BY slug")).Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<bool> DeletePipelineAsync(string slug, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            // Its secrets prefix grants go in the same transaction: a later definition of the slug starts without them.
            await c.ExecuteAsync("DELETE FROM pipeline_secrets_grants WHERE slug = @slug", new { slug }, tx);
            return await c.ExecuteAsync("""
                UPDATE pipelines SET name = NULL, default_branch = NULL, configuration = NULL, updated_at = NULL
                WHERE slug = @slug AND configuration IS NOT NULL
                """, new { slug }, tx) > 0;
        }, cancellationToken);
}
