namespace ElasticCI.Pipelines;

/// <summary>A step's <c>retry</c>: automatic rules (checked in order, first match applies) and manual retry permission.</summary>
internal sealed record RetryPolicy(IReadOnlyList<AutomaticRetryRule> Automatic, ManualRetry Manual);
