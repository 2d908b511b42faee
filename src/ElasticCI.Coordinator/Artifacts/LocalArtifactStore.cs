namespace ElasticCI.Coordinator.Artifacts;

/// <summary>
/// Artifact bytes on local disk under <c>&lt;data-dir&gt;/artifacts/&lt;id&gt;</c>: the default. Files are named by id,
/// never by the user's path, so no path a job sends can reach outside the store.
/// </summary>
internal sealed class LocalArtifactStore(string root) : IArtifactStore
{
    public const long MaxArtifactBytes = IArtifactStore.MaxArtifactBytes;

    public string Description => $"local directory {root}";

    /// <summary>Streams <paramref name="content"/> to disk, hashing as it goes; refuses more than <see cref="MaxArtifactBytes"/>.</summary>
    public async Task<SavedArtifact?> SaveAsync(string id, Stream content, string contentType, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, id);
        var temporary = path + ".partial";
        using var hashes = new ArtifactHashes();
        await using (var file = File.Create(temporary))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hashes.Append(buffer.AsSpan(0, read));
                if (hashes.Size > MaxArtifactBytes)
                {
                    file.Close();
                    File.Delete(temporary);
                    return null;
                }
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        File.Move(temporary, path, overwrite: true);
        return hashes.Finish();
    }

    public Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, id);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    public Task CheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
