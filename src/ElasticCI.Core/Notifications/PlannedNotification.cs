namespace ElasticCI.Notifications;

/// <summary>One entry of a build's top-level <c>notify</c>, decided once the build finished.</summary>
/// <param name="Index">Position in the <c>notify</c> list.</param>
/// <param name="Channel"><c>webhook</c>, <c>email</c>, <c>slack</c>, ... as written.</param>
/// <param name="Target">Where it goes (URL, address, channel); empty when the entry names none.</param>
/// <param name="State">A <see cref="NotificationState"/> name.</param>
/// <param name="Error">Why it was not or could not be delivered; null when pending.</param>
internal sealed record PlannedNotification(int Index, string Channel, string Target, string State, string? Error)
{
    /// <summary>The job whose step-level <c>notify</c> this entry comes from; null for the build's own (and uploads').</summary>
    public string? JobId { get; init; }
}
