namespace ElasticCI.Scaling;

/// <summary>
/// One tick of a rolling update: extra instances to launch on the new revision, idle outdated instances to drain, busy
/// outdated instances to retire (they take no new job and exit after the one they run), and the progress counts.
/// </summary>
internal sealed record RolloutStep(int Launch, IReadOnlyList<string> Drain, IReadOnlyList<string> Retire, int Outdated, int Updated, string Reason)
{
    public static RolloutStep None(int updated) => new(0, [], [], 0, updated, "");

    /// <summary>Outdated instances are still live (serving, booting or on their way out).</summary>
    public bool InProgress => Outdated > 0;
}
