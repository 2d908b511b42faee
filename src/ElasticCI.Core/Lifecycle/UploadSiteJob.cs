using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

/// <summary>A job of the build steps are uploaded into, as the store found it: its position, state and dependencies.</summary>
internal sealed record UploadSiteJob(string Id, long Idx, JobState State, IReadOnlyList<string> DependsOn);
