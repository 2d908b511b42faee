namespace ElasticCI.Coordinator.Artifacts;

/// <summary>What storing an artifact measured on the way: its size and hex digests.</summary>
internal sealed record SavedArtifact(long Size, string Sha1, string Sha256);
