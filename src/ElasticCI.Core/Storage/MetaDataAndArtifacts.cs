namespace ElasticCI.Storage;

/// <summary>A build annotation (<c>buildkite-agent annotate</c>): one per context, with a style.</summary>
internal sealed record Annotation(string Context, string Style, string Body, DateTimeOffset UpdatedAt);

/// <summary>A stored artifact's metadata; the bytes live in the artifact store under <see cref="Id"/>.</summary>
internal sealed record ArtifactRecord(string Id, string BuildId, string JobId, string Path, long Size, string Sha1, string Sha256, DateTimeOffset CreatedAt);
