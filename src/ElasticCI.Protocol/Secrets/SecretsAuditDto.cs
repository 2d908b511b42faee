namespace ElasticCI.Protocol.Secrets;

/// <summary>The newest secrets audit entries, oldest first.</summary>
/// <param name="Entries">The entries.</param>
public sealed record SecretsAuditDto(IReadOnlyList<SecretsAuditEntryDto> Entries);
