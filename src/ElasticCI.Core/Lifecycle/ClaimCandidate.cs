namespace ElasticCI.Lifecycle;

/// <summary>A scheduled command job an agent might claim, in dispatch order (priority, then time scheduled, then step order).</summary>
/// <param name="ConcurrencyMethod">The stored <c>concurrency_method</c>: <c>ordered</c> (the default) or <c>eager</c>, by name or number.</param>
internal sealed record ClaimCandidate(
    string JobId, IReadOnlyDictionary<string, string> AgentRules, string? ConcurrencyGroup, long? ConcurrencyLimit, string? ConcurrencyMethod)
{
    /// <summary><c>eager</c>: any of the group's jobs may take a free slot; <c>ordered</c>: only its oldest scheduled one.</summary>
    public bool IsEager => ConcurrencyMethod is "1" or "eager" or "Eager";
}
