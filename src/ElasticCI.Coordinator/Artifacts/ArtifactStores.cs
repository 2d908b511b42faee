namespace ElasticCI.Coordinator.Artifacts;

/// <summary>Makes the configured <see cref="IArtifactStore"/> and proves it usable before the coordinator starts.</summary>
internal static class ArtifactStores
{
    /// <summary>How long the start-up check may take before the endpoint counts as unreachable.</summary>
    internal static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(20);

    /// <exception cref="ArtifactStoreUnavailableException">The S3 bucket does not answer, with a one-line reason.</exception>
    public static async Task<IArtifactStore> OpenAsync(ArtifactStoreOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        if (!options.IsS3)
        {
            return new LocalArtifactStore(Path.Combine(dataDirectory, "artifacts"));
        }
        var store = new S3ArtifactStore(options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await store.CheckAsync(timeout.Token);
            return store;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            store.Dispose();
            throw new ArtifactStoreUnavailableException($"Artifact store {store.Description} did not answer within {CheckTimeout.TotalSeconds:0} s.", null);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
