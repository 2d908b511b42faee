namespace ElasticCI.Storage;

/// <summary>What a running job reads and writes through its job-scoped token: meta-data, annotations, artifacts.</summary>
internal interface IJobDataStore
{
    /// <summary>Gives the job a token (stored as a hash) that works only while the job is assigned or running.</summary>
    Task IssueJobTokenAsync(string jobId, string tokenHash, CancellationToken cancellationToken);

    /// <summary>The assigned or running job holding this token hash, or null (finished jobs' tokens are dead).</summary>
    Task<JobRecord?> FindActiveJobByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    Task SetMetaDataAsync(string buildId, string key, string value, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> GetMetaDataAsync(string buildId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the annotation of <paramref name="context"/>; with <paramref name="append"/> adds to its body.</summary>
    /// <param name="style">Null keeps the existing style (or <c>default</c> for a new annotation).</param>
    Task AnnotateAsync(string buildId, string context, string? style, string body, bool append, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<Annotation>> ListAnnotationsAsync(string buildId, CancellationToken cancellationToken);

    /// <summary>Records an artifact; a second upload of the same path by the same job replaces the first.</summary>
    Task<ArtifactRecord> AddArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken);

    Task<IReadOnlyList<ArtifactRecord>> ListArtifactsAsync(string buildId, CancellationToken cancellationToken);

    Task<ArtifactRecord?> GetArtifactAsync(string artifactId, CancellationToken cancellationToken);
}
