namespace ElasticCI.Agent.Jobs.DiskSpace;

/// <summary>What the agent does when the disk is still low after cleaning (<c>--disk-full-action</c>).</summary>
internal static class DiskFullActions
{
    /// <summary>Fail the job before checkout; the agent keeps running.</summary>
    public const string FailJob = "fail-job";

    /// <summary>Fail the job and report the agent unhealthy: it takes no more work and exits, so its instance is replaced.</summary>
    public const string Unhealthy = "unhealthy";

    public static readonly IReadOnlyList<string> All = [FailJob, Unhealthy];
}
