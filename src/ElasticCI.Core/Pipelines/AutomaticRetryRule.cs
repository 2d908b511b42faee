namespace ElasticCI.Pipelines;

/// <summary>One <c>retry.automatic</c> rule; every condition given must match.</summary>
/// <param name="ExitStatuses">Exit statuses that match; null means any non-zero (<c>"*"</c> or not given).</param>
/// <param name="Signal">Signal name, <c>*</c> or <c>none</c>; null = any.</param>
/// <param name="SignalReason">Signal reason (<c>cancel</c>, <c>agent_stop</c>, …); null = any.</param>
/// <param name="Limit">Retries this rule allows (0–10, default 2).</param>
internal sealed record AutomaticRetryRule(IReadOnlyList<int>? ExitStatuses, string? Signal, string? SignalReason, int Limit)
{
    public const int DefaultLimit = 2;

    public const int MaxLimit = 10;
}
