namespace ElasticCI.Storage;

/// <summary>One audited secrets decision: which job asked for which prefix, and what the broker did (never a value).</summary>
internal sealed record SecretsAuditEntry(
    long Id,
    DateTimeOffset At,
    string JobId,
    string BuildId,
    string Pipeline,
    string Queue,
    string RequestedPrefix,
    string Outcome,
    string Detail);
