namespace ElasticCI.Jobs;

/// <summary>Lifecycle of a job (DESIGN.md §3).</summary>
internal enum JobState
{
    Pending,
    Scheduled,
    Assigned,
    Running,
    Passed,
    Failed,
    Canceled,
    TimedOut,
    Lost,
    Skipped,
    Broken,
    Blocked,
}
