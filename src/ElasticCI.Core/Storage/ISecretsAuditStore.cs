namespace ElasticCI.Storage;

/// <summary>The secrets audit log: refused prefix overrides, kept in the store next to the builds they belong to.</summary>
internal interface ISecretsAuditStore
{
    /// <summary>Appends <paramref name="entry"/> (its <see cref="SecretsAuditEntry.Id"/> is ignored); returns the stored entry.</summary>
    Task<SecretsAuditEntry> AddSecretsAuditAsync(SecretsAuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> entries, oldest first, optionally of one pipeline.</summary>
    Task<IReadOnlyList<SecretsAuditEntry>> ListSecretsAuditAsync(string? pipeline, int limit, CancellationToken cancellationToken);
}
