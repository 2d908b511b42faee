namespace ElasticCI.Coordinator.Artifacts;

/// <summary>The artifact store's backing service (an S3 bucket) cannot be reached or refuses access; the message names where.</summary>
internal sealed class ArtifactStoreUnavailableException(string message, Exception? inner) : Exception(message, inner);
