using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : IRolloutStore
{
    public Task SetInstanceRevisionAsync(string instanceId, string revision, CancellationToken cancellationToken)
        => WriteAsync((c, tx) => c.ExecuteAsync("UPDATE instances SET revision = @revision WHERE id = @instanceId", new { instanceId, revision }, tx),
            cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> ListInstanceRevisionsAsync(string stack, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyDictionary<string, string>>(async c => (await c.QueryAsync<(string Id, string Revision)>(
                "SELECT id, revision FROM instances WHERE stack = @stack AND revision IS NOT NULL", new { stack }))
            .ToDictionary(r => r.Id, r => r.Revision, StringComparer.Ordinal), cancellationToken);

    public Task<bool> RetireInstanceAsync(string instanceId, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var changed = await c.ExecuteAsync(
                "UPDATE instances SET state = 'draining', drained_at = @at WHERE id = @instanceId AND state IN ('pending', 'running')",
                new { at = Time.To(now), instanceId }, tx);
            if (changed == 0)
            {
                return false;
            }
            // Busy agents keep their job (finishing it leaves a draining agent draining, see FinishJob), and are told to
            // stop at their next heartbeat: they finish the job and take no other. In the write transaction, so no agent of
            // this instance can be given a new job after this point.
            await c.ExecuteAsync("UPDATE agents SET state = 'draining' WHERE instance_id = @instanceId AND state IN ('idle', 'busy')", new { instanceId }, tx);
            return true;
        }, retired => retired, cancellationToken);
}
