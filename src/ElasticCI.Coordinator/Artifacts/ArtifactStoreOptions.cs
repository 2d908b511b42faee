namespace ElasticCI.Coordinator.Artifacts;

/// <summary>
/// Where the coordinator keeps artifact bytes: the local data directory (default), or an S3 (or S3-compatible) bucket
/// that every coordinator replica reaches. CLI: <c>--artifacts</c>, <c>--artifacts-endpoint</c>,
/// <c>--artifacts-region</c>, <c>--artifacts-path-style</c>; <c>elastic-ci.yml</c>: the same names as top-level keys.
/// </summary>
internal sealed class ArtifactStoreOptions
{
    /// <summary><c>local</c> or <c>s3://BUCKET[/PREFIX]</c>.</summary>
    /// <remarks>Default: null, meaning local (<c>&lt;data-dir&gt;/artifacts</c>).</remarks>
    public string? Url { get; set; }

    /// <summary>Endpoint (service URL) of an S3-compatible server such as MinIO or s3rver; null for AWS S3.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The bucket's region (the signing region for an S3-compatible endpoint).</summary>
    /// <remarks>Default: null, meaning <c>$AWS_REGION</c>, else <c>us-east-1</c>.</remarks>
    public string? Region { get; set; }

    /// <summary>Address the bucket as <c>endpoint/bucket</c> rather than <c>bucket.endpoint</c>; S3-compatible servers usually need it.</summary>
    /// <remarks>Default: false.</remarks>
    public bool PathStyle { get; set; }

    /// <summary>Static credentials; when null the AWS SDK's default chain is used (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_PROFILE</c>, instance role...).</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>Secret half of <see cref="AccessKeyId"/>; never logged.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>True when the bytes go to S3 rather than the data directory.</summary>
    public bool IsS3 => !string.IsNullOrWhiteSpace(Url) && !Url.Equals(LocalName, StringComparison.OrdinalIgnoreCase);

    public const string LocalName = "local";
}
