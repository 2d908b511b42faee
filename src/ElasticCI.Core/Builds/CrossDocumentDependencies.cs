namespace ElasticCI.Builds;

/// <summary>
/// Resolves the <c>depends_on</c> keys a document does not have (<see cref="PlannedJob.ExternalDependencies"/>) against the
/// jobs the build already has: the original pipeline and earlier uploads. As on Buildkite, a group's key means all of its
/// jobs, and depending on a step that uploaded steps means depending on what it uploaded too (recursively). A key found
/// nowhere fails only the job that names it.
/// </summary>
internal static class CrossDocumentDependencies
{
    /// <summary>The message a job gets when one of its <c>depends_on</c> keys is in no document of the build.</summary>
    public static string MissingMessage(IReadOnlyList<string> keys)
        => $"depends_on {string.Join(", ", keys.Select(k => $"'{k}'"))} does not match any step key in this build: the step cannot run";

    /// <summary>
    /// <paramref name="job"/>'s dependencies after resolution: <paramref name="dependsOn"/> (its ids within the document)
    /// followed by the resolved ids, the allowed-failure positions for the whole list, and the keys found nowhere.
    /// </summary>
    public static Resolution Resolve(PlannedJob job, IReadOnlyList<string> dependsOn, IReadOnlyList<ExistingJob> existing)
    {
        ArgumentNullException.ThrowIfNull(job);
        var ids = new List<string>(dependsOn);
        var allowed = new List<int>(job.Spec.AllowedFailureDependencies);
        var missing = new List<string>();
        foreach (var dependency in job.ExternalDependencies)
        {
            var targets = Targets(dependency.Key, existing);
            if (targets.Count == 0)
            {
                missing.Add(dependency.Key);
                continue;
            }

            foreach (var target in targets.Where(t => !ids.Contains(t)))
            {
                if (dependency.AllowFailure)
                {
                    allowed.Add(ids.Count);
                }

                ids.Add(target);
            }
        }

        return new Resolution(ids, allowed, missing);
    }

    private static List<string> Targets(string key, IReadOnlyList<ExistingJob> existing)
    {
        var direct = existing.Where(j => j.StepKey == key || j.GroupKey == key).Select(j => j.Id).ToList();
        // What the named jobs uploaded, and what those uploaded, belongs to the dependency too.
        var all = new List<string>(direct);
        for (var i = 0; i < all.Count; i++)
        {
            var uploader = all[i];
            all.AddRange(existing.Where(j => j.UploadedBy == uploader && !all.Contains(j.Id)).Select(j => j.Id));
        }

        return all;
    }

    /// <summary>One job the build has: its id, step key, group key and the job whose upload created it (if any).</summary>
    internal sealed record ExistingJob(string Id, string? StepKey, string? GroupKey, string? UploadedBy);

    /// <summary>The resolved dependency ids, allowed-failure positions among them, and the keys no document has.</summary>
    internal sealed record Resolution(IReadOnlyList<string> DependsOn, IReadOnlyList<int> AllowedFailureDependencies, IReadOnlyList<string> Missing);
}
