using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ElasticCI.Coordinator.Artifacts;

/// <summary>
/// Artifact bytes as objects <c>&lt;prefix&gt;/&lt;id&gt;</c> in an S3 (or S3-compatible) bucket, so every coordinator replica
/// serves every artifact. Uploads stream: one part of <see cref="PartSize"/> bytes is in memory at a time (a single PUT
/// when the whole artifact fits in one part, a multipart upload otherwise).
/// </summary>
internal sealed class S3ArtifactStore : IArtifactStore, IDisposable
{
    /// <summary>Bytes per multipart part (S3's minimum is 5 MiB for all but the last); 1 GiB is 128 parts.</summary>
    internal const int PartSize = 8 * 1024 * 1024;

    private readonly AmazonS3Client _client;
    private readonly S3Location _location;
    private readonly string _where;

    public S3ArtifactStore(ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _location = S3Location.Parse(options.Url ?? "", out var problem) ?? throw new ArgumentException(problem, nameof(options));
        var region = options.Region ?? (Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } env ? env : "us-east-1");
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.PathStyle,
            MaxErrorRetry = 3,
            // Per request: one part or one download stream's first byte, not a whole 1 GiB artifact.
            Timeout = TimeSpan.FromMinutes(5),
            // Flexible checksums are on by default in SDK v4; S3-compatible servers often reject or mangle them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        _client = options.AccessKeyId is { } accessKey
            ? new AmazonS3Client(new BasicAWSCredentials(accessKey, options.SecretAccessKey ?? ""), config)
            : new AmazonS3Client(config);
        _where = $"s3://{_location.Bucket}/{_location.Prefix} at {options.Endpoint ?? "AWS region " + region}";
    }

    public string Description => _where;

    public async Task<SavedArtifact?> SaveAsync(string id, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var key = _location.KeyOf(id);
        using var hashes = new ArtifactHashes();
        var buffer = new byte[PartSize];
        var filled = await FillAsync(content, buffer, hashes, cancellationToken);
        if (filled < PartSize)
        {
            // It all fitted in one part: one PUT, no multipart bookkeeping.
            using var body = new MemoryStream(buffer, 0, filled, writable: false);
            await CallAsync(() => _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _location.Bucket,
                Key = key,
                InputStream = body,
                AutoCloseStream = false,
                ContentType = contentType,
                // Chunked (aws-chunked) bodies are silently corrupted by some S3-compatible servers (s3rver among them).
                UseChunkEncoding = false,
            }, cancellationToken), $"write '{key}'");
            return hashes.Finish();
        }
        var upload = await CallAsync(() => _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _location.Bucket,
            Key = key,
            ContentType = contentType,
        }, cancellationToken), $"start the upload of '{key}'");
        var completed = false;
        try
        {
            var parts = new List<PartETag>();
            while (filled > 0)
            {
                if (hashes.Size > IArtifactStore.MaxArtifactBytes)
                {
                    return null;
                }
                parts.Add(await UploadPartAsync(key, upload.UploadId, parts.Count + 1, buffer, filled, cancellationToken));
                filled = await FillAsync(content, buffer, hashes, cancellationToken);
            }
            await CallAsync(() => _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _location.Bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken), $"complete the upload of '{key}'");
            completed = true;
            return hashes.Finish();
        }
        finally
        {
            if (!completed)
            {
                await AbortAsync(key, upload.UploadId);
            }
        }
    }

    public async Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken)
    {
        var key = _location.KeyOf(id);
        try
        {
            var response = await CallAsync(() => _client.GetObjectAsync(_location.Bucket, key, cancellationToken), $"read '{key}'");
            return new OwningStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchKey" || ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
    }

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        // Listing one key proves the endpoint answers, the bucket exists and the credentials may read it.
        try
        {
            await CallAsync(() => _client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = _location.Bucket,
                Prefix = _location.Prefix,
                MaxKeys = 1,
            }, cancellationToken), "list the bucket");
        }
        catch (AmazonS3Exception ex)
        {
            throw Unavailable("list the bucket", ex);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<PartETag> UploadPartAsync(string key, string uploadId, int number, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, length, writable: false);
        var response = await CallAsync(() => _client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _location.Bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = number,
            PartSize = length,
            InputStream = body,
            UseChunkEncoding = false,
        }, cancellationToken), $"write part {number} of '{key}'");
        return new PartETag(number, response.ETag);
    }

    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            // Not the request's token: a canceled upload must still release the parts it stored.
            await _client.AbortMultipartUploadAsync(_location.Bucket, key, uploadId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or IOException)
        {
            // The bucket's lifecycle rule for incomplete uploads is the backstop (docs/operations.md).
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; the count read, hashed on the way.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, ArtifactHashes hashes, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            hashes.Append(buffer.AsSpan(filled, read));
            filled += read;
        }
        return filled;
    }

    // "Cannot reach the bucket at all" becomes one exception type naming the bucket and endpoint; per-object errors
    // (NoSuchKey) pass through for the caller to judge.
    private async Task<T> CallAsync<T>(Func<Task<T>> call, string action)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "NoSuchBucket" or "AllAccessDisabled" or "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch"
            || ex.StatusCode == HttpStatusCode.Forbidden)
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

    private ArtifactStoreUnavailableException Unavailable(string action, Exception ex)
        => new($"Artifact store {_where} is unreachable (could not {action}): {FirstLine(ex.Message)}", ex);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
