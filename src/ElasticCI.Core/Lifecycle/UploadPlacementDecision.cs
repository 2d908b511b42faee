using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

/// <summary>
/// Where uploaded steps go (<c>buildkite-agent pipeline upload</c>): right after the job that uploaded them, so the build
/// keeps step order. With <c>replace</c>, the unstarted jobs after the uploader go first (and leave the dependencies of
/// the jobs that remain). A job still waiting that depends on the uploader depends on what it uploaded, too.
/// </summary>
internal static class UploadPlacementDecision
{
    /// <summary>
    /// <paramref name="build"/>: every job of the build (the uploader among them); <paramref name="uploadedIds"/>: the ids
    /// the uploaded jobs get, in order. Refused when the build would then have more than <paramref name="maxJobsPerBuild"/> jobs.
    /// </summary>
    public static UploadPlacement Place(
        string uploaderId, IReadOnlyList<UploadSiteJob> build, IReadOnlyList<string> uploadedIds, bool replace, int maxJobsPerBuild)
    {
        var uploader = build.Single(j => j.Id == uploaderId);
        var removed = replace
            ? build.Where(j => j.Idx > uploader.Idx && IsUnstarted(j.State)).Select(j => j.Id).ToHashSet(StringComparer.Ordinal)
            : [];
        var after = build.Count - removed.Count + uploadedIds.Count;
        if (after > maxJobsPerBuild)
        {
            return UploadPlacement.Refuse(after);
        }
        var dependencies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var job in build.Where(j => !removed.Contains(j.Id)))
        {
            var deps = job.DependsOn.Where(d => !removed.Contains(d)).ToList();
            if (job.State == JobState.Pending && deps.Contains(uploaderId, StringComparer.Ordinal))
            {
                deps.AddRange(uploadedIds);
            }
            if (!deps.SequenceEqual(job.DependsOn, StringComparer.Ordinal))
            {
                dependencies[job.Id] = deps;
            }
        }
        return new UploadPlacement(null, [.. build.Where(j => removed.Contains(j.Id)).Select(j => j.Id)], uploader.Idx, uploadedIds.Count, uploader.Idx + 1, dependencies);
    }

    /// <summary>A job an upload with <c>replace</c> may remove: it has not started and is not finished.</summary>
    private static bool IsUnstarted(JobState state) => state is JobState.Pending or JobState.Scheduled or JobState.Blocked;
}
