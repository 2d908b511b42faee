using Dapper;

namespace ElasticCI.Storage.Sqlite;

internal sealed partial class SqliteStore
{
    public Task<UnblockOutcome> UnblockAsync(string jobId, IReadOnlyDictionary<string, string> metaData, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) =>
        {
            var buildId = await c.ExecuteScalarAsync<string>("SELECT build_id FROM jobs WHERE id = @jobId", new { jobId }, tx);
            if (buildId is null)
            {
                return UnblockOutcome.NotFound;
            }
            var at = Time.To(now);
            var passed = await c.ExecuteAsync(
                "UPDATE jobs SET state = 'passed', finished_at = @at WHERE id = @jobId AND state = 'blocked' AND retried_by IS NULL", new { jobId, at }, tx);
            if (passed == 0)
            {
                return UnblockOutcome.NotBlocked;
            }
            foreach (var (key, value) in metaData)
            {
                await c.ExecuteAsync("""
                    INSERT INTO build_meta_data (build_id, key, value, updated_at) VALUES (@buildId, @key, @value, @at)
                    ON CONFLICT (build_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """, new { buildId, key, value, at }, tx);
            }
            await AdvanceBuildAsync(c, tx, buildId, at);
            return UnblockOutcome.Unblocked;
        }, cancellationToken);
}
