namespace ElasticCI.Pipelines;

/// <summary><c>concurrency</c> + <c>concurrency_group</c> (+ <c>concurrency_method</c>): an org-wide semaphore.</summary>
internal sealed record ConcurrencyLimit(int Limit, string Group, ConcurrencyMethod Method);
