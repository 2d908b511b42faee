using System.Data.Common;
using Dapper;
using ElasticCI.Notifications;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore : INotificationStore
{
    private const string NotificationColumns = "build_id, idx, channel, target, state, attempts, last_error, updated_at, job_id";

    public Task<IReadOnlyList<BuildRecord>> ListBuildsToNotifyAsync(int limit, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<BuildRecord>>(async c =>
        {
            var rows = await c.QueryAsync<BuildRow>($"""
                SELECT {BuildColumns} FROM builds WHERE notify_state IS NULL AND state IN ('passed', 'failed', 'canceled')
                ORDER BY finished_at LIMIT @limit
                """, new { limit });
            return rows.Select(r => r.ToRecord([])).ToList();
        }, cancellationToken);

    public Task<bool> SaveNotificationPlanAsync(string buildId, IReadOnlyList<PlannedNotification> planned, DateTimeOffset now, CancellationToken cancellationToken)
        => planned.Count == 0
            // Nothing to queue (most builds): the compare-and-set alone, a row write (notify_state is written nowhere else).
            ? WriteRowAsync((c, tx) => MarkNotifiedAsync(c, tx, buildId), cancellationToken)
            : WriteAsync((c, tx) => SavePlanAsync(c, tx, buildId, planned, now), cancellationToken);

    private async Task<bool> SavePlanAsync(DbConnection c, DbTransaction tx, string buildId, IReadOnlyList<PlannedNotification> planned, DateTimeOffset now)
    {
        if (!await MarkNotifiedAsync(c, tx, buildId))
        {
            return false;
        }
        var at = Time.To(now);
        foreach (var n in planned)
        {
            await c.ExecuteAsync($"""
                INSERT INTO build_notifications ({NotificationColumns}) VALUES (@buildId, @Index, @Channel, @Target, @State, 0, @Error, @at, @JobId)
                """, new { buildId, n.Index, n.Channel, n.Target, n.State, n.Error, at, n.JobId }, tx);
        }
        return true;
    }

    /// <summary>Compare-and-set: the build's notifications are decided exactly once, so each webhook is queued once.</summary>
    private static async Task<bool> MarkNotifiedAsync(DbConnection c, DbTransaction tx, string buildId)
        => await c.ExecuteAsync("UPDATE builds SET notify_state = 'done' WHERE id = @buildId AND notify_state IS NULL", new { buildId }, tx) == 1;

    public Task<IReadOnlyList<NotificationRecord>> ListPendingNotificationsAsync(int limit, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<NotificationRecord>>(async c => (await c.QueryAsync<NotificationRow>(
            $"SELECT {NotificationColumns} FROM build_notifications WHERE state = 'pending' ORDER BY updated_at LIMIT @limit", new { limit }))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<bool> RecordNotificationAsync(
        string buildId, int index, string state, int attempts, string? lastError, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) => await c.ExecuteAsync("""
            UPDATE build_notifications SET state = @state, attempts = @attempts, last_error = @lastError, updated_at = @at
            WHERE build_id = @buildId AND idx = @index AND state = 'pending'
            """, new { state, attempts, lastError, at = Time.To(now), buildId, index }, tx) > 0, cancellationToken);

    public Task<bool> SaveUploadNotifyAsync(string buildId, string uploadId, string notifyJson, CancellationToken cancellationToken)
        => WriteAsync(async (c, tx) => await c.ExecuteAsync(
            "UPDATE pipeline_uploads SET notify_json = @notifyJson WHERE build_id = @buildId AND upload_id = @uploadId",
            new { notifyJson, buildId, uploadId }, tx) > 0, cancellationToken);

    public Task<IReadOnlyList<string>> ListUploadNotifyAsync(string buildId, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<string>>(async c => (await c.QueryAsync<string>(
            $"SELECT notify_json FROM pipeline_uploads WHERE build_id = @buildId AND notify_json IS NOT NULL ORDER BY created_at, {Sql.InsertionOrder}",
            new { buildId })).ToList(), cancellationToken);
}
