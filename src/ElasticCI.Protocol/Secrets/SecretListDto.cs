namespace ElasticCI.Protocol.Secrets;

/// <summary>The secrets under a prefix, ordered by key, without values.</summary>
/// <param name="Secrets">The listed secrets.</param>
public sealed record SecretListDto(IReadOnlyList<SecretEntryDto> Secrets);
