using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>The store's registration credentials, with <paramref name="issued"/> run after each credential is stored: the last write of a launch before its provider call.</summary>
internal sealed class HookedCredentialStore(IRegistrationCredentialStore inner, Action issued) : IRegistrationCredentialStore
{
    public async Task IssueRegistrationCredentialAsync(string tokenHash, string instanceId, string queue, int uses, DateTimeOffset now, DateTimeOffset expiresAt,
        CancellationToken cancellationToken)
    {
        await inner.IssueRegistrationCredentialAsync(tokenHash, instanceId, queue, uses, now, expiresAt, cancellationToken);
        issued();
    }

    public Task<RegistrationCredential?> TrySpendRegistrationCredentialAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
        => inner.TrySpendRegistrationCredentialAsync(tokenHash, now, cancellationToken);
}
