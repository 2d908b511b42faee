using ElasticCI.Jobs;

namespace ElasticCI.Builds;

/// <summary>What <see cref="BuildProgress"/> needs to know of one job.</summary>
internal sealed record JobSnapshot(string Id, JobState State, IReadOnlyList<string> DependsOn, bool ContinueOnFailure, bool SoftFailed);
