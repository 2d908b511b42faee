namespace ElasticCI.Secrets;

/// <summary>A stored value could not be decrypted: wrong master key, tampering, or not an envelope at all.</summary>
internal sealed class SecretEnvelopeException(string message, Exception? innerException = null)
    : Exception(message, innerException);
