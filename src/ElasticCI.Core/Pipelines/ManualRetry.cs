namespace ElasticCI.Pipelines;

/// <summary><c>retry.manual</c>: whether a person may retry, also after the job passed, and why not.</summary>
internal sealed record ManualRetry(bool Allowed, bool PermitOnPassed, string? Reason)
{
    public static ManualRetry Default { get; } = new(true, true, null);
}
