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
        // One statement on the pipeline's row (created on first use, 2 then being the next number): a row write, so
        // creating builds does not queue behind every other writer for its number.
        => WriteRowAsync((c, tx) => c.ExecuteScalarAsync<long>("""
            INSERT INTO pipelines (id, slug, created_at, next_build_number) VALUES (@pipelineId, @slug, @at, 2)
            ON CONFLICT (slug) DO UPDATE SET next_build_number = pipelines.next_build_number + 1
            RETURNING next_build_number - 1
            """, new { pipelineId = Guid.CreateVersion7(now).ToString(), slug = pipelineSlug, at = Time.To(now) }, tx), cancellationToken);
}
