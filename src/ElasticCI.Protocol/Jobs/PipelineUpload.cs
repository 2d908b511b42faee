namespace ElasticCI.Protocol.Jobs;

/// <summary>Body of <c>POST /api/agent/v1/job/pipelines</c>: steps to insert after the uploading job.</summary>
/// <param name="Yaml">The pipeline document (already interpolated by the uploader).</param>
/// <param name="FileName">File it came from, for error messages.</param>
/// <param name="UploadId">Idempotency key: a retry with the same id inserts nothing new. Null makes one up (no retry safety).</param>
/// <param name="Replace">Replace the rest of the build: jobs after the uploader that have not started are removed.</param>
/// <param name="Environment">The uploading job's environment, used only to interpolate <c>$VAR</c> in the document (never stored);
/// null uploads the document as it is (<c>--no-interpolation</c>).</param>
/// <param name="ChangedFiles">Files the build changed against its diff base, computed by the uploader in its git checkout; steps
/// whose <c>if_changed</c> matches none of them are created skipped. Null (unknown) keeps every step.</param>
public sealed record PipelineUploadRequest(
    string Yaml, string? FileName, string? UploadId, bool Replace, IReadOnlyDictionary<string, string>? Environment = null,
    IReadOnlyList<string>? ChangedFiles = null);

/// <summary>Answer to a pipeline upload.</summary>
/// <param name="UploadId">The upload's id.</param>
/// <param name="JobIds">Ids of the jobs it inserted (the same on a retry).</param>
public sealed record PipelineUploadResponse(string UploadId, IReadOnlyList<string> JobIds);
