namespace ElasticCI.Protocol.Jobs;

/// <summary>A stored artifact.</summary>
/// <param name="Id">Artifact id; download with <c>GET /api/v1/artifacts/{id}</c> (user) or <c>/api/agent/v1/job/artifacts/{id}</c> (job).</param>
/// <param name="JobId">The job that uploaded it.</param>
/// <param name="Path">Relative path as uploaded (forward slashes).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha1">SHA-1 of the content, lower-case hex.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
/// <param name="CreatedAt">When it was uploaded.</param>
public sealed record ArtifactDto(string Id, string JobId, string Path, long Size, string Sha1, string Sha256, DateTimeOffset CreatedAt);
