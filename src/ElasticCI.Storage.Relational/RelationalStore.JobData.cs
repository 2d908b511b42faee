using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : IJobDataStore
{
    public Task IssueJobTokenAsync(string jobId, string tokenHash, CancellationToken cancellationToken)
        // Only ever written here and only read by the lookup below: a row write, outside the write lock where there is one.
        => WriteRowAsync((c, tx) => c.ExecuteAsync("UPDATE jobs SET job_token_hash = @tokenHash WHERE id = @jobId", new { tokenHash, jobId }, tx), cancellationToken);

    public Task<JobRecord?> FindActiveJobByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
        => ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<JobRow>(
            $"SELECT {JobColumns} FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id WHERE j.job_token_hash = @tokenHash AND j.state IN ('assigned', 'running')",
            new { tokenHash }))?.ToRecord(), cancellationToken);

    public Task SetMetaDataAsync(string buildId, string key, string value, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO build_meta_data (build_id, key, value, updated_at) VALUES (@buildId, @key, @value, @at)
            ON CONFLICT (build_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, new { buildId, key, value, at = Time.To(now) }, tx), cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> GetMetaDataAsync(string buildId, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyDictionary<string, string>>(async c => (await c.QueryAsync<(string Key, string Value)>(
            "SELECT key, value FROM build_meta_data WHERE build_id = @buildId ORDER BY key", new { buildId }))
            .ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal), cancellationToken);

    public Task AnnotateAsync(string buildId, string context, string? style, string body, bool append, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync((c, tx) => c.ExecuteAsync(append
            ? """
              INSERT INTO annotations (build_id, context, style, body, updated_at) VALUES (@buildId, @context, COALESCE(@style, 'default'), @body, @at)
              ON CONFLICT (build_id, context) DO UPDATE SET body = annotations.body || excluded.body, style = COALESCE(@style, annotations.style), updated_at = excluded.updated_at
              """
            : """
              INSERT INTO annotations (build_id, context, style, body, updated_at) VALUES (@buildId, @context, COALESCE(@style, 'default'), @body, @at)
              ON CONFLICT (build_id, context) DO UPDATE SET body = excluded.body, style = excluded.style, updated_at = excluded.updated_at
              """, new { buildId, context, style, body, at = Time.To(now) }, tx), cancellationToken);

    public Task<IReadOnlyList<Annotation>> ListAnnotationsAsync(string buildId, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<Annotation>>(async c => (await c.QueryAsync<(string Context, string Style, string Body, long UpdatedAt)>(
            "SELECT context, style, body, updated_at FROM annotations WHERE build_id = @buildId ORDER BY updated_at, context", new { buildId }))
            .Select(r => new Annotation(r.Context, r.Style, r.Body, Time.From(r.UpdatedAt))).ToList(), cancellationToken);

    public Task<ArtifactRecord> AddArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("""
                INSERT INTO artifacts (id, build_id, job_id, path, size, sha1, sha256, created_at)
                VALUES (@Id, @BuildId, @JobId, @Path, @Size, @Sha1, @Sha256, @at)
                ON CONFLICT (job_id, path) DO UPDATE SET id = excluded.id, size = excluded.size, sha1 = excluded.sha1,
                    sha256 = excluded.sha256, created_at = excluded.created_at
                """, new { artifact.Id, artifact.BuildId, artifact.JobId, artifact.Path, artifact.Size, artifact.Sha1, artifact.Sha256, at = Time.To(artifact.CreatedAt) }, tx);
            return artifact;
        }, cancellationToken);

    public Task<IReadOnlyList<ArtifactRecord>> ListArtifactsAsync(string buildId, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<ArtifactRecord>>(async c => (await c.QueryAsync<ArtifactRow>(
            "SELECT id, build_id, job_id, path, size, sha1, sha256, created_at FROM artifacts WHERE build_id = @buildId ORDER BY path, created_at", new { buildId }))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<ArtifactRecord?> GetArtifactAsync(string artifactId, CancellationToken cancellationToken)
        => ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<ArtifactRow>(
            "SELECT id, build_id, job_id, path, size, sha1, sha256, created_at FROM artifacts WHERE id = @artifactId", new { artifactId }))?.ToRecord(),
            cancellationToken);

    private sealed class ArtifactRow
    {
        public string Id { get; set; } = "";
        public string BuildId { get; set; } = "";
        public string JobId { get; set; } = "";
        public string Path { get; set; } = "";
        public long Size { get; set; }
        public string Sha1 { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public long CreatedAt { get; set; }

        public ArtifactRecord ToRecord() => new(Id, BuildId, JobId, Path, Size, Sha1, Sha256, Time.From(CreatedAt));
    }
}
