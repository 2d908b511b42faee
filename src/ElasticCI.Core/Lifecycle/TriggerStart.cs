using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

/// <summary>
/// What starting a trigger job does: the move from <c>scheduled</c> to <paramref name="State"/> with
/// <paramref name="ExitStatus"/>, and <paramref name="Log"/> (when not null) as the job's whole log.
/// </summary>
internal sealed record TriggerStart(JobState State, int? ExitStatus, string? Log);
