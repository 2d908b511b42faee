namespace ElasticCI.Storage;

/// <summary>A stored build notification and how its delivery went.</summary>
/// <param name="BuildId">The build notified about.</param>
/// <param name="Index">Position in the build's <c>notify</c> list.</param>
/// <param name="Channel"><c>webhook</c>, <c>email</c>, ...</param>
/// <param name="Target">URL, address or channel as written.</param>
/// <param name="State">A <see cref="Notifications.NotificationState"/> name.</param>
/// <param name="Attempts">Delivery attempts made so far.</param>
/// <param name="LastError">Why the last attempt failed, or why it is not delivered; null when delivered.</param>
/// <param name="UpdatedAt">When the state last changed.</param>
internal sealed record NotificationRecord(
    string BuildId, int Index, string Channel, string Target, string State, int Attempts, string? LastError, DateTimeOffset UpdatedAt)
{
    /// <summary>The job whose step-level <c>notify</c> this entry comes from; null for the build's own.</summary>
    public string? JobId { get; init; }
}
