namespace ElasticCI.Protocol.Builds;

/// <summary>One entry of a build's <c>notify</c> (top-level, an upload's, or a step's) and how its delivery went.</summary>
/// <param name="Channel"><c>webhook</c>, <c>email</c>, <c>slack</c>, ... as written in the pipeline.</param>
/// <param name="Target">URL, address or channel as written.</param>
/// <param name="State"><c>pending</c>, <c>delivered</c>, <c>failed</c>, <c>unsupported</c> or <c>skipped</c> (its <c>if</c> was false).</param>
/// <param name="Attempts">Delivery attempts made.</param>
/// <param name="LastError">Why the last attempt failed or why it is not delivered; null when delivered.</param>
public sealed record NotificationDto(string Channel, string Target, string State, int Attempts, string? LastError)
{
    /// <summary>The job whose step-level <c>notify</c> this entry is; null for the build's own and its uploads'.</summary>
    public string? JobId { get; init; }
}
