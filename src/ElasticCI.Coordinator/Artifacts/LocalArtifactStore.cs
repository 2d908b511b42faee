using System.Security.Cryptography;

namespace ElasticCI.Coordinator.Artifacts;

/// <summary>
/// Artifact bytes on local disk under <c>&lt;data-dir&gt;/artifacts/&lt;id&gt;</c>. Files are named by id, never by the
/// user's path, so no path a job sends can reach outside the store.
/// </summary>
internal sealed class LocalArtifactStore(string root)
{
    public const long MaxArtifactBytes = 1024L * 1024 * 1024;

    /// <summary>Streams <paramref name="content"/> to disk, hashing as it goes; refuses more than <see cref="MaxArtifactBytes"/>.</summary>
    public async Task<(long Size, string Sha1, string Sha256)?> SaveAsync(string id, Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, id);
        var temporary = path + ".partial";
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var file = File.Create(temporary))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                if (size > MaxArtifactBytes)
                {
                    file.Close();
                    File.Delete(temporary);
                    return null;
                }
                sha1.AppendData(buffer, 0, read);
                sha256.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        File.Move(temporary, path, overwrite: true);
        return (size, Convert.ToHexStringLower(sha1.GetHashAndReset()), Convert.ToHexStringLower(sha256.GetHashAndReset()));
    }

    public Stream? OpenRead(string id)
    {
        var path = Path.Combine(root, id);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }
}
