using ElasticCI.Jobs;
using ElasticCI.Storage;

namespace ElasticCI.Lifecycle;

/// <summary>The answer to a finish report and, when it is <see cref="FinishOutcome.Finished"/>, the job's final state.</summary>
internal sealed record FinishVerdict(FinishOutcome Outcome, JobState State, bool SoftFailed);
