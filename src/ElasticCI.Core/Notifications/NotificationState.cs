namespace ElasticCI.Notifications;

/// <summary>Where one build notification stands. Names are the wire and store spelling (lower case).</summary>
internal static class NotificationState
{
    /// <summary>Waiting for (another) delivery attempt.</summary>
    public const string Pending = "pending";

    /// <summary>The receiver answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>Every attempt failed, or the entry is invalid.</summary>
    public const string Failed = "failed";

    /// <summary>The channel needs a hosted service the self-hosted coordinator does not have.</summary>
    public const string Unsupported = "unsupported";

    /// <summary>The entry's <c>if</c> condition is false for this build.</summary>
    public const string Skipped = "skipped";
}
