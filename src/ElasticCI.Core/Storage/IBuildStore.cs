namespace ElasticCI.Storage;

/// <summary>Pipelines and builds. Every method is atomic; implementations are thread-safe singletons.</summary>
internal interface IBuildStore
{
    /// <summary>Creates the pipeline on first use, numbers the build, stores its jobs and schedules the runnable ones.</summary>
    Task<BuildRecord> CreateBuildAsync(NewBuild build, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Creates the pipeline on first use and takes its next build number, for <see cref="NewBuild.Identity"/>.</summary>
    Task<long> ReserveBuildNumberAsync(string pipelineSlug, DateTimeOffset now, CancellationToken cancellationToken);

    Task<BuildRecord?> GetBuildAsync(string buildId, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<BuildRecord>> ListBuildsAsync(string? pipelineSlug, int limit, CancellationToken cancellationToken);

    /// <summary>Cancels jobs not on an agent and asks agents to stop the others. Null when the build does not exist.</summary>
    Task<BuildRecord?> CancelBuildAsync(string buildId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts an uploaded pipeline's jobs into a running build right after the uploading job: jobs that waited for the
    /// uploader now also wait for them; with <paramref name="replace"/> the not-yet-started jobs after the uploader go.
    /// Idempotent per <paramref name="uploadId"/>: a retried upload returns the jobs the first one made.
    /// </summary>
    Task<IReadOnlyList<string>> InsertUploadedJobsAsync(
        string uploaderJobId, string uploadId, IReadOnlyList<Builds.PlannedJob> jobs, bool replace, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>As above, refusing (and changing nothing) when the build would then have more than <paramref name="maxJobsPerBuild"/> jobs.</summary>
    Task<UploadJobsResult> InsertUploadedJobsAsync(
        string uploaderJobId, string uploadId, IReadOnlyList<Builds.PlannedJob> jobs, bool replace, int maxJobsPerBuild, DateTimeOffset now,
        CancellationToken cancellationToken);
}
