namespace ElasticCI.Storage;

/// <summary>
/// The configured store cannot be used (a bad store URL, an unreachable server, a refused login). The message is one
/// line for the person starting the coordinator: it names the host and never a password.
/// </summary>
internal sealed class StoreUnavailableException(string message, Exception? innerException) : Exception(message, innerException)
{
    public StoreUnavailableException(string message)
        : this(message, null)
    {
    }
}
