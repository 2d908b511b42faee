namespace ElasticCI.Coordinator.Artifacts;

/// <summary>
/// Where artifact bytes live, by artifact id (never by the user's path). The metadata (path, size, hashes) is the
/// store's <c>artifacts</c> table; this holds only the content. Implementations stream both ways: an artifact of
/// <see cref="MaxArtifactBytes"/> never sits in memory whole.
/// </summary>
/// <remarks>Singleton, safe for concurrent use.</remarks>
internal interface IArtifactStore
{
    /// <summary>The largest artifact accepted: 1 GiB.</summary>
    const long MaxArtifactBytes = 1024L * 1024 * 1024;

    /// <summary>Where the bytes go, for logs and the start-up line (never a credential).</summary>
    string Description { get; }

    /// <summary>Streams <paramref name="content"/> into the store, hashing as it goes; null (and nothing kept) past <see cref="MaxArtifactBytes"/>.</summary>
    /// <exception cref="ArtifactStoreUnavailableException">The backing store cannot be reached.</exception>
    Task<SavedArtifact?> SaveAsync(string id, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>The artifact's bytes as a stream the caller disposes, or null when the store has no such artifact.</summary>
    /// <exception cref="ArtifactStoreUnavailableException">The backing store cannot be reached.</exception>
    Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken);

    /// <summary>Checks at start-up that the store is usable (the bucket answers), so a bad configuration stops the start.</summary>
    /// <exception cref="ArtifactStoreUnavailableException">It is not, with a one-line reason.</exception>
    Task CheckAsync(CancellationToken cancellationToken);
}
