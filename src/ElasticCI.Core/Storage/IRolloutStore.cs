namespace ElasticCI.Storage;

/// <summary>Instance revisions and retirement, for rolling updates.</summary>
internal interface IRolloutStore
{
    Task SetInstanceRevisionAsync(string instanceId, string revision, CancellationToken cancellationToken);

    /// <summary>Revision of each instance of <paramref name="stack"/> that has one, by instance id.</summary>
    Task<IReadOnlyDictionary<string, string>> ListInstanceRevisionsAsync(string stack, CancellationToken cancellationToken);

    /// <summary>
    /// Drains the instance whether or not its agents are busy: idle agents stop now, a busy agent finishes its job and
    /// then stops (it is never given another). False when the instance was not pending or running.
    /// </summary>
    Task<bool> RetireInstanceAsync(string instanceId, DateTimeOffset now, CancellationToken cancellationToken);
}
