using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : ISecretsAuditStore
{
    public Task<SecretsAuditEntry> AddSecretsAuditAsync(SecretsAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO secrets_audit (at, job_id, build_id, pipeline, queue, requested_prefix, outcome, detail)
                VALUES (@At, @JobId, @BuildId, @Pipeline, @Queue, @RequestedPrefix, @Outcome, @Detail)
                RETURNING id
                """, new { At = Time.To(entry.At), entry.JobId, entry.BuildId, entry.Pipeline, entry.Queue, entry.RequestedPrefix, entry.Outcome, entry.Detail }, tx);
            return entry with { Id = id };
        }, cancellationToken);
    }

    public Task<IReadOnlyList<SecretsAuditEntry>> ListSecretsAuditAsync(string? pipeline, int limit, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<SecretsAuditEntry>>(async c =>
        {
            var rows = await c.QueryAsync<(long Id, long At, string JobId, string BuildId, string Pipeline, string Queue, string Prefix, string Outcome, string Detail)>("""
                SELECT id, at, job_id, build_id, pipeline, queue, requested_prefix, outcome, detail FROM secrets_audit
                WHERE @pipeline IS NULL OR pipeline = @pipeline ORDER BY id DESC LIMIT @limit
                """, new { pipeline, limit });
            return rows.Reverse().Select(r => new SecretsAuditEntry(r.Id, Time.From(r.At), r.JobId, r.BuildId, r.Pipeline, r.Queue, r.Prefix, r.Outcome, r.Detail)).ToList();
        }, cancellationToken);
}
