namespace ElasticCI.Storage;

/// <summary>What a capped pipeline upload did: the jobs it made, or, when the build would go over its job cap, the count it would have reached (nothing changed).</summary>
internal sealed record UploadJobsResult(IReadOnlyList<string> JobIds, int? RefusedJobCount)
{
    public bool Refused => RefusedJobCount is not null;
}
