namespace ElasticCI.Secrets;

/// <summary>Server-side encryption requested on every write.</summary>
internal enum S3ServerSideEncryption
{
    /// <summary>No SSE header; the bucket's default applies.</summary>
    None,

    /// <summary>SSE-S3 (<c>AES256</c>).</summary>
    Aes256,

    /// <summary>SSE-KMS (<c>aws:kms</c>), with <see cref="S3SecretStoreOptions.KmsKeyId"/> when set.</summary>
    AwsKms,
}
