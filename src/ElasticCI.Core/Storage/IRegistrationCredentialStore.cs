namespace ElasticCI.Storage;

/// <summary>Per-instance agent registration credentials: issued when the scaler launches an instance, spent by its agents.</summary>
internal interface IRegistrationCredentialStore
{
    /// <summary>Stores a credential (by its hash) for <paramref name="instanceId"/>'s agents on <paramref name="queue"/>: <paramref name="uses"/> registrations until <paramref name="expiresAt"/>; drops credentials expired or used up by <paramref name="now"/>.</summary>
    Task IssueRegistrationCredentialAsync(string tokenHash, string instanceId, string queue, int uses, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-set: spends one use of an unexpired credential with uses left and returns what it is bound to;
    /// null when there is no such credential (unknown, used up or expired), and then nothing changes.
    /// </summary>
    Task<RegistrationCredential?> TrySpendRegistrationCredentialAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken);
}
