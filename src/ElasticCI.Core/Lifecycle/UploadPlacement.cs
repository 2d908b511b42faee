namespace ElasticCI.Lifecycle;

/// <summary>
/// Where an upload's jobs go and what it changes in the build. <see cref="RefusedJobCount"/> set: the upload is refused
/// (the build would have that many jobs) and nothing else applies. Otherwise: delete <see cref="Removed"/>, move every
/// job whose index is above <see cref="ShiftAfter"/> up by <see cref="ShiftBy"/>, insert the uploaded jobs from
/// <see cref="FirstIndex"/> on, and set the dependencies of each job in <see cref="Dependencies"/>.
/// </summary>
internal sealed record UploadPlacement(
    int? RefusedJobCount,
    IReadOnlyList<string> Removed,
    long ShiftAfter,
    int ShiftBy,
    long FirstIndex,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies)
{
    public static UploadPlacement Refuse(int jobCount)
        => new(jobCount, [], 0, 0, 0, new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal));
}
