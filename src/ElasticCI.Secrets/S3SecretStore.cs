using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ElasticCI.Secrets;

/// <summary>Secrets as objects in an S3 (or S3-compatible) bucket, optionally envelope-encrypted on the client.</summary>
internal sealed class S3SecretStore : ISecretStore, IDisposable
{
    private readonly S3SecretStoreOptions _options;
    private readonly AmazonS3Client _client;
    private readonly Envelope? _envelope;

    public S3SecretStore(S3SecretStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket, nameof(options.Bucket));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Region, nameof(options.Region));
        if (options.ServerSideEncryption != S3ServerSideEncryption.AwsKms && options.KmsKeyId is not null)
        {
            throw new ArgumentException("KmsKeyId is only meaningful with ServerSideEncryption = AwsKms.", nameof(options));
        }
        _options = options;
        _envelope = options.ClientSideEncryptionKey is { } key ? new Envelope(key) : null;

        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            MaxErrorRetry = options.MaxErrorRetry,
            Timeout = options.Timeout,
            // Flexible checksums are on by default in SDK v4; S3-compatible servers often reject or mangle them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        _client = options.AccessKeyId is { } accessKey
            ? new AmazonS3Client(new BasicAWSCredentials(accessKey, options.SecretAccessKey ?? ""), config)
            : new AmazonS3Client(config);
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        SecretKeys.Validate(key);
        SecretKeys.ValidateValue(value.Span);
        var body = _envelope is null ? value.ToArray() : _envelope.Seal(value.Span, key);
        using var stream = new MemoryStream(body, writable: false);
        var request = new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            InputStream = stream,
            AutoCloseStream = false,
            // Chunked (aws-chunked) uploads are silently corrupted by some S3-compatible servers; bodies here are ≤ 1 MiB anyway.
            UseChunkEncoding = false,
        };
        switch (_options.ServerSideEncryption)
        {
            case S3ServerSideEncryption.Aes256:
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
                break;
            case S3ServerSideEncryption.AwsKms:
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS;
                request.ServerSideEncryptionKeyManagementServiceKeyId = _options.KmsKeyId;
                break;
            case S3ServerSideEncryption.None:
            default:
                break;
        }
        await CallAsync(() => _client.PutObjectAsync(request, cancellationToken), $"write '{key}'").ConfigureAwait(false);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        SecretKeys.Validate(key);
        byte[] body;
        try
        {
            body = await CallAsync(async () =>
            {
                using var response = await _client.GetObjectAsync(_options.Bucket, key, cancellationToken).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                return buffer.ToArray();
            }, $"read '{key}'").ConfigureAwait(false);
        }
        // As the original hooks: without s3:ListBucket, S3 answers AccessDenied for a missing key, so both mean "not present".
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "NoSuchKey" or "AccessDenied" || ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
        return _envelope is null ? body : _envelope.Open(body, key);
    }

    public async Task<IReadOnlyList<SecretEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        SecretKeys.ValidatePrefix(prefix);
        var overhead = _envelope is null ? 0 : Envelope.Overhead;
        var entries = new List<SecretEntry>();
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = prefix };
        while (true)
        {
            var response = await CallAsync(() => _client.ListObjectsV2Async(request, cancellationToken), $"list '{prefix}'")
                .ConfigureAwait(false);
            foreach (var item in response.S3Objects ?? [])
            {
                var modified = item.LastModified is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue;
                entries.Add(new SecretEntry(item.Key, Math.Max(0, (item.Size ?? 0) - overhead), modified));
            }
            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
            {
                break;
            }
            request.ContinuationToken = response.NextContinuationToken;
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return entries;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        SecretKeys.Validate(key);
        await CallAsync(() => _client.DeleteObjectAsync(_options.Bucket, key, cancellationToken), $"delete '{key}'").ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();

    // Turns "cannot reach the bucket at all" into one exception type with the bucket and endpoint in the message;
    // per-object errors (NoSuchKey, ...) pass through for the caller to judge.
    private async Task<T> CallAsync<T>(Func<Task<T>> call, string action)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "NoSuchBucket" or "AllAccessDisabled" || ex.StatusCode == HttpStatusCode.Forbidden && ex.ErrorCode != "AccessDenied")
        {
            throw Unavailable(action, ex);
        }
        catch (AmazonServiceException ex) when (ex is not AmazonS3Exception)
        {
            throw Unavailable(action, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or AmazonClientException or IOException
            || ex is TaskCanceledException && ex.InnerException is TimeoutException)
        {
            throw Unavailable(action, ex);
        }
    }

    private SecretStoreUnavailableException Unavailable(string action, Exception ex)
    {
        var where = _options.ServiceUrl ?? $"region {_options.Region}";
        return new SecretStoreUnavailableException(
            $"Secret store bucket '{_options.Bucket}' at {where} is unreachable (could not {action}): {ex.Message}", ex);
    }
}
