namespace ElasticCI.Storage;

/// <summary>
/// Reading and replacing a token shared by every coordinator replica on one store (<see cref="ISharedTokenStore"/>), so a
/// rotation made through one replica is what every replica accepts from then on. Only stores that replicas share
/// implement it (PostgreSQL); a coordinator alone keeps its tokens in its data directory.
/// </summary>
internal interface ISharedTokenRotation
{
    /// <summary>The token stored under <paramref name="name"/>, or null when there is none.</summary>
    Task<string?> ReadTokenAsync(string name, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="value"/> the token under <paramref name="name"/>; the previous value stops being it at once.</summary>
    Task ReplaceTokenAsync(string name, string value, DateTimeOffset now, CancellationToken cancellationToken);
}
