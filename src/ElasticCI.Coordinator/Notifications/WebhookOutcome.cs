namespace ElasticCI.Coordinator.Notifications;

/// <summary>How a webhook delivery ended.</summary>
/// <param name="Delivered">The receiver answered 2xx.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="Error">Why it failed; null when delivered.</param>
internal sealed record WebhookOutcome(bool Delivered, int Attempts, string? Error);
