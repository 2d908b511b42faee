namespace ElasticCI.Protocol.Secrets;

/// <summary>One secret delivered to a job: its store key and its value as UTF-8 text.</summary>
/// <param name="Key">The store key it was read from.</param>
/// <param name="Value">The value.</param>
public sealed record SecretFileDto(string Key, string Value);
