using ElasticCI.Notifications;

namespace ElasticCI.Storage;

/// <summary>Build notifications: which finished builds still need deciding, and each notification's delivery.</summary>
internal interface INotificationStore
{
    /// <summary>Finished builds whose notifications have not been decided yet, oldest first.</summary>
    Task<IReadOnlyList<BuildRecord>> ListBuildsToNotifyAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Stores the decided notifications of a build once; false when they were already decided (by another replica or loop).</summary>
    Task<bool> SaveNotificationPlanAsync(string buildId, IReadOnlyList<PlannedNotification> planned, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Notifications still waiting for delivery (after a restart too), oldest first.</summary>
    Task<IReadOnlyList<NotificationRecord>> ListPendingNotificationsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Keeps the top-level <c>notify</c> of an applied pipeline upload (JSON), for when the build finishes; false when no such upload.</summary>
    Task<bool> SaveUploadNotifyAsync(string buildId, string uploadId, string notifyJson, CancellationToken cancellationToken);

    /// <summary>The top-level <c>notify</c> lists (JSON) of the build's uploads, in upload order.</summary>
    Task<IReadOnlyList<string>> ListUploadNotifyAsync(string buildId, CancellationToken cancellationToken);

    /// <summary>Records the outcome of delivering a pending notification; false when it was no longer pending.</summary>
    Task<bool> RecordNotificationAsync(string buildId, int index, string state, int attempts, string? lastError, DateTimeOffset now, CancellationToken cancellationToken);
}
