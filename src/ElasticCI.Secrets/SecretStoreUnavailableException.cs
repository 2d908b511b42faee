namespace ElasticCI.Secrets;

/// <summary>The store could not be reached at all (bucket missing, endpoint down, access refused to the bucket).</summary>
/// <remarks>The original hooks treat this as fatal for the job (stack hook exit 53).</remarks>
internal sealed class SecretStoreUnavailableException(string message, Exception? innerException)
    : Exception(message, innerException);
