namespace ElasticCI.Storage;

/// <summary>
/// Tokens every coordinator replica on one shared store must agree on (the API token, the agent registration token).
/// Only a store several coordinators share implements it; the SQLite store keeps them in the data directory's files.
/// </summary>
internal interface ISharedTokenStore
{
    /// <summary>
    /// The token stored under <paramref name="name"/>; when there is none yet, <paramref name="candidate"/> becomes it.
    /// Race-safe: replicas starting at once all get the one value that was stored first.
    /// </summary>
    Task<string> GetOrCreateTokenAsync(string name, string candidate, DateTimeOffset now, CancellationToken cancellationToken);
}
