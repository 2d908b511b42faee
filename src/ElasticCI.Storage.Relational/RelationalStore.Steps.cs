using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : IStepStore
{
    public Task<int> UpdateStepLabelAsync(string buildId, string stepKey, string label, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) => await c.ExecuteAsync(
            "UPDATE jobs SET label = @label WHERE build_id = @buildId AND step_key = @stepKey", new { label, buildId, stepKey }, tx),
            changed => changed > 0, cancellationToken);

    public Task<int> CancelStepAsync(string buildId, string stepKey, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var count = (int)await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM jobs WHERE build_id = @buildId AND step_key = @stepKey AND retried_by IS NULL", new { buildId, stepKey }, tx);
            if (count > 0)
            {
                var at = Time.To(now);
                var canceled = await CancelJobsAsync(c, tx, "build_id = @buildId AND step_key = @stepKey AND retried_by IS NULL", new { buildId, stepKey }, at);
                await AdvanceBuildAsync(c, tx, buildId, canceled, at);
            }
            return count;
        }, count => count > 0, cancellationToken);
}
