namespace ElasticCI.Storage;

/// <summary>Pipelines and builds. Every method is atomic; implementations are thread-safe singletons.</summary>
internal interface IBuildStore
{
    /// <summary>Creates the pipeline on first use, numbers the build, stores its jobs and schedules the runnable ones.</summary>
    Task<BuildRecord> CreateBuildAsync(NewBuild build, DateTimeOffset now, CancellationToken cancellationToken);

    Task<BuildRecord?> GetBuildAsync(string buildId, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<BuildRecord>> ListBuildsAsync(string? pipelineSlug, int limit, CancellationToken cancellationToken);

    /// <summary>Cancels jobs not on an agent and asks agents to stop the others. Null when the build does not exist.</summary>
    Task<BuildRecord?> CancelBuildAsync(string buildId, DateTimeOffset now, CancellationToken cancellationToken);
}
