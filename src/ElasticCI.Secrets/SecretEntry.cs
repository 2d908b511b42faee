namespace ElasticCI.Secrets;

/// <summary>One listed secret: its key, plaintext size in bytes and last write time. Never the value.</summary>
internal sealed record SecretEntry(string Key, long Size, DateTimeOffset UpdatedAt);
