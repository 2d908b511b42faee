namespace ElasticCI.Protocol.Builds;

/// <summary>A build with its jobs, as the user API returns it.</summary>
/// <param name="Id">Build id (<c>BUILDKITE_BUILD_ID</c>).</param>
/// <param name="Number">Build number, counted per pipeline from 1.</param>
/// <param name="Pipeline">Pipeline slug.</param>
/// <param name="State">One of <c>scheduled</c>, <c>running</c>, <c>passed</c>, <c>failed</c>, <c>canceling</c>, <c>canceled</c>; derived from the jobs.</param>
/// <param name="Branch">Branch built.</param>
/// <param name="Commit">Commit built.</param>
/// <param name="Message">Build message.</param>
/// <param name="CreatedAt">When the build was created (UTC).</param>
/// <param name="StartedAt">When its first job started, if any.</param>
/// <param name="FinishedAt">When its last job finished, if it has.</param>
/// <param name="Jobs">The build's jobs in step order.</param>
public sealed record BuildDto(
    string Id,
    int Number,
    string Pipeline,
    string State,
    string Branch,
    string Commit,
    string Message,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<JobDto> Jobs)
{
    /// <summary>Repository the build checks out; empty when none.</summary>
    public string Repository { get; init; } = "";

    /// <summary>The build's top-level <c>notify</c> entries, decided once the build finished; empty before and when it has none.</summary>
    public IReadOnlyList<NotificationDto> Notifications { get; init; } = [];

    /// <summary>What created the build: <c>api</c>, <c>trigger_job</c>.</summary>
    public string Source { get; init; } = "api";

    /// <summary>The tag the build is for; null when none.</summary>
    public string? Tag { get; init; }

    /// <summary>The pull request number the build is for; null when none.</summary>
    public string? PullRequest { get; init; }

    /// <summary>The pull request's labels; empty when none.</summary>
    public IReadOnlyList<string> PullRequestLabels { get; init; } = [];

    /// <summary>
    /// Warnings computed when the build is read, e.g. <c>unserved_queue</c> for jobs waiting on a queue that no stack and no
    /// connected agent serves (gone once an agent for it connects); empty when none.
    /// </summary>
    public IReadOnlyList<BuildWarningDto> Warnings { get; init; } = [];
}
