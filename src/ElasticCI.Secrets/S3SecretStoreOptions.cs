namespace ElasticCI.Secrets;

/// <summary>Settings for <see cref="S3SecretStore"/>.</summary>
internal sealed class S3SecretStoreOptions
{
    /// <summary>Bucket name. Required.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Bucket region.</summary><remarks>Default: us-east-1.</remarks>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Endpoint of an S3-compatible server (MinIO, s3rver); null for AWS.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Address buckets as <c>host/bucket</c> rather than <c>bucket.host</c>; S3-compatible servers usually need it.</summary>
    /// <remarks>Default: false.</remarks>
    public bool ForcePathStyle { get; set; }

    /// <summary>Static credentials; when null the SDK's default credential chain is used.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>Secret half of <see cref="AccessKeyId"/>.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>SSE header sent with every write.</summary><remarks>Default: none.</remarks>
    public S3ServerSideEncryption ServerSideEncryption { get; set; }

    /// <summary>KMS key id or ARN for <see cref="S3ServerSideEncryption.AwsKms"/>; null uses the AWS-managed key.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>When set (32 bytes), values are envelope-encrypted before upload, so the bucket only ever holds ciphertext.</summary>
    public byte[]? ClientSideEncryptionKey { get; set; }

    /// <summary>Retries per request for transient failures.</summary><remarks>Default: 2.</remarks>
    public int MaxErrorRetry { get; set; } = 2;

    /// <summary>Per-request timeout.</summary><remarks>Default: 30 seconds.</remarks>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
