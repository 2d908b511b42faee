namespace ElasticCI.Protocol.Builds;

/// <summary>One entry of a build's top-level <c>notify</c> and how its delivery went.</summary>
/// <param name="Channel"><c>webhook</c>, <c>email</c>, <c>slack</c>, ... as written in the pipeline.</param>
/// <param name="Target">URL, address or channel as written.</param>
/// <param name="State"><c>pending</c>, <c>delivered</c>, <c>failed</c>, <c>unsupported</c> or <c>skipped</c> (its <c>if</c> was false).</param>
/// <param name="Attempts">Delivery attempts made.</param>
/// <param name="LastError">Why the last attempt failed or why it is not delivered; null when delivered.</param>
public sealed record NotificationDto(string Channel, string Target, string State, int Attempts, string? LastError);
