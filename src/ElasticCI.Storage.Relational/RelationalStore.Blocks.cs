using Dapper;
using ElasticCI.Jobs;
using ElasticCI.Lifecycle;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    public Task<UnblockOutcome> UnblockAsync(string jobId, IReadOnlyDictionary<string, string> metaData, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAndSignalAsync(async (c, tx) =>
        {
            var job = await c.QuerySingleOrDefaultAsync<(string BuildId, string Kind, string State, string? RetriedBy)>(
                "SELECT build_id, kind, state, retried_by FROM jobs WHERE id = @jobId", new { jobId }, tx);
            if (job.BuildId is null)
            {
                return UnblockOutcome.NotFound;
            }
            var buildId = job.BuildId;
            var at = Time.To(now);
            if (!UnblockDecision.CanUnblock(JobStates.Parse(job.State), job.RetriedBy is not null)
                || !await TransitionAsync(c, tx, new JobMove(jobId, ParseKind(job.Kind), JobState.Blocked, JobState.Passed, at)))
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
            await AdvanceBuildAsync(c, tx, buildId, [jobId], at);
            return UnblockOutcome.Unblocked;
        }, outcome => outcome == UnblockOutcome.Unblocked, cancellationToken);
}
