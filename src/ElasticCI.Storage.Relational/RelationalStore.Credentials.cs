using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : IRegistrationCredentialStore
{
    public Task IssueRegistrationCredentialAsync(string tokenHash, string instanceId, string queue, int uses, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            // Expired credentials are useless; dropping them here keeps the table as small as the live fleet.
            await c.ExecuteAsync("DELETE FROM instance_credentials WHERE expires_at <= @now OR uses_left <= 0", new { now = Time.To(now) }, tx);
            await c.ExecuteAsync("""
                INSERT INTO instance_credentials (token_hash, instance_id, queue, uses_left, expires_at)
                VALUES (@tokenHash, @instanceId, @queue, @uses, @expiresAt)
                """, new { tokenHash, instanceId, queue, uses, expiresAt = Time.To(expiresAt) }, tx);
            return true;
        }, cancellationToken);

    public Task<RegistrationCredential?> TrySpendRegistrationCredentialAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync<RegistrationCredential?>(async (c, tx) =>
        {
            // Compare-and-set on "uses left and not expired": two agents racing for the last use cannot both get it.
            var row = await c.QuerySingleOrDefaultAsync<(string InstanceId, string Queue)>("""
                UPDATE instance_credentials SET uses_left = uses_left - 1
                WHERE token_hash = @tokenHash AND uses_left > 0 AND expires_at > @now
                RETURNING instance_id, queue
                """, new { tokenHash, now = Time.To(now) }, tx);
            return row.InstanceId is null ? null : new RegistrationCredential(row.InstanceId, row.Queue);
        }, cancellationToken);
}
