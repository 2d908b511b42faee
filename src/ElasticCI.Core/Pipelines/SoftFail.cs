namespace ElasticCI.Pipelines;

/// <summary>A step's <c>soft_fail</c>: never, any non-zero exit, or a list of exit statuses (<c>*</c> = any).</summary>
internal sealed record SoftFail(bool Any, IReadOnlyList<int> ExitStatuses)
{
    public static SoftFail Never { get; } = new(false, []);

    public static SoftFail Always { get; } = new(true, []);

    /// <summary>True when a job that failed with <paramref name="exitStatus"/> should not fail the build.</summary>
    public bool Matches(int exitStatus) => exitStatus != 0 && (Any || ExitStatuses.Contains(exitStatus));
}
