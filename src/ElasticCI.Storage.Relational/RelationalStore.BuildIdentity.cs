using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    /// <summary>
    /// Creates the pipeline on first use and takes its next build number, so a build's pipeline document can be
    /// interpolated with <c>BUILDKITE_BUILD_NUMBER</c> before the build is stored. A build refused afterwards leaves a
    /// gap in the numbers.
    /// </summary>
    public Task<long> ReserveBuildNumberAsync(string pipelineSlug, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            var pipelineId = await c.QuerySingleOrDefaultAsync<string?>("SELECT id FROM pipelines WHERE slug = @slug", new { slug = pipelineSlug }, tx);
            if (pipelineId is null)
            {
                pipelineId = Guid.CreateVersion7(now).ToString();
                await c.ExecuteAsync("INSERT INTO pipelines (id, slug, created_at) VALUES (@pipelineId, @slug, @at)",
                    new { pipelineId, slug = pipelineSlug, at = Time.To(now) }, tx);
            }
            return await c.ExecuteScalarAsync<long>(
                "UPDATE pipelines SET next_build_number = next_build_number + 1 WHERE id = @pipelineId RETURNING next_build_number - 1",
                new { pipelineId }, tx);
        }, cancellationToken);
}
