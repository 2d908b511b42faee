using System.Security.Cryptography;

namespace ElasticCI.Coordinator.Artifacts;

/// <summary>SHA-1 and SHA-256 of an artifact, fed block by block as it streams into a store.</summary>
internal sealed class ArtifactHashes : IDisposable
{
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Size { get; private set; }

    public void Append(ReadOnlySpan<byte> block)
    {
        Size += block.Length;
        _sha1.AppendData(block);
        _sha256.AppendData(block);
    }

    public SavedArtifact Finish()
        => new(Size, Convert.ToHexStringLower(_sha1.GetHashAndReset()), Convert.ToHexStringLower(_sha256.GetHashAndReset()));

    public void Dispose()
    {
        _sha1.Dispose();
        _sha256.Dispose();
    }
}
