using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : IJobTimingsStore
{
    public Task<JobPhaseTimes?> GetJobPhaseTimesAsync(string jobId, CancellationToken cancellationToken)
        => ReadAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<(string Id, long? Scheduled, long? Assigned, long? Started, long? Finished,
                string? Stack, string? InstanceId, long? Launched, long? Registered)>("""
                SELECT j.id, j.scheduled_at, j.assigned_at, j.started_at, j.finished_at, i.stack, i.id, i.launched_at, a.registered_at
                FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id LEFT JOIN instances i ON i.id = a.instance_id
                WHERE j.id = @jobId
                """, new { jobId });
            if (row.Id is null)
            {
                return null;
            }
            long? decided = null;
            // Only an instance launched after the job was scheduled was launched for it (or for its wave of jobs); the
            // decision is that stack's last "decide" event between the two.
            if (row.Stack is not null && row.Scheduled is { } scheduled && row.Launched is { } launched && launched >= scheduled)
            {
                decided = await c.ExecuteScalarAsync<long?>("""
                    SELECT MAX(at) FROM scaling_events WHERE stack = @Stack AND action = 'decide' AND at >= @scheduled AND at <= @launched
                    """, new { row.Stack, scheduled, launched });
            }
            return new JobPhaseTimes(row.Id, row.Stack, row.InstanceId, Time.From(row.Scheduled), Time.From(decided), Time.From(row.Launched),
                Time.From(row.Registered), Time.From(row.Assigned), Time.From(row.Started), Time.From(row.Finished));
        }, cancellationToken);
}
