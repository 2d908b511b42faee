namespace ElasticCI.Protocol.Secrets;

/// <summary>One stored secret as listed: never its value.</summary>
/// <param name="Key">The secret's key (a relative path such as <c>my-pipeline/env</c>).</param>
/// <param name="Size">Size of the plaintext value in bytes.</param>
/// <param name="UpdatedAt">When the value was last written.</param>
public sealed record SecretEntryDto(string Key, long Size, DateTimeOffset UpdatedAt);
