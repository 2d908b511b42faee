namespace ElasticCI.Secrets;

/// <summary>Where secret values live: a local directory or an S3 bucket, keyed by <see cref="SecretKeys"/>-valid paths.</summary>
/// <remarks>Implementations are safe for concurrent use. Listing never returns values.</remarks>
internal interface ISecretStore
{
    /// <summary>Creates or replaces the value at <paramref name="key"/>.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>The value at <paramref name="key"/>, or null when there is none.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Keys under <paramref name="prefix"/> ("" for all, otherwise ending in '/'), ordered by key.</summary>
    Task<IReadOnlyList<SecretEntry>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Removes the value at <paramref name="key"/>; completes normally when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
