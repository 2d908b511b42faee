using System.Net.Http.Headers;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Secrets;

namespace ElasticCI.Client;

/// <summary>
/// The secrets admin API on a stack's <c>SecretsBucket</c> (<c>?stack=NAME</c>): the bucket that stack's jobs read. The
/// coordinator answers 404 for an unknown stack, 409 for a stack without a bucket, 503 when the bucket cannot be reached.
/// </summary>
public sealed partial class CoordinatorClient
{
    /// <summary>Creates or replaces a secret in <paramref name="stack"/>'s bucket (the coordinator's own store when null); with <paramref name="pipeline"/>, the key is <c>PIPELINE/KEY</c>.</summary>
    public async Task PutSecretAsync(string key, string? pipeline, string? stack, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var content = new ReadOnlyMemoryContent(value);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Put, SecretPath(key, pipeline, stack), content, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
    }

    /// <summary>A secret's value from <paramref name="stack"/>'s bucket (the coordinator's own store when null); 404 when there is none.</summary>
    public async Task<byte[]> GetSecretAsync(string key, string? pipeline, string? stack, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, SecretPath(key, pipeline, stack), null, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>The secrets under <paramref name="prefix"/> (all when empty) in <paramref name="stack"/>'s bucket (the coordinator's own store when null): keys, sizes and dates, never values.</summary>
    public async Task<SecretListDto> ListSecretsAsync(string? prefix, string? stack, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(prefix))
        {
            query.Add("prefix=" + Uri.EscapeDataString(prefix));
        }
        if (stack is not null)
        {
            query.Add("stack=" + Uri.EscapeDataString(stack));
        }
        using var response = await SendAsync(HttpMethod.Get, query.Count == 0 ? "secrets" : "secrets?" + string.Join("&", query), null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.SecretListDto, cancellationToken);
    }

    /// <summary>Deletes a secret from <paramref name="stack"/>'s bucket (the coordinator's own store when null); 404 when there is none.</summary>
    public async Task DeleteSecretAsync(string key, string? pipeline, string? stack, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, SecretPath(key, pipeline, stack), null, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
    }

    private static string SecretPath(string key, string? pipeline, string? stack)
    {
        var path = SecretPath(key, pipeline);
        return stack is null ? path : path + (pipeline is null ? "?" : "&") + "stack=" + Uri.EscapeDataString(stack);
    }
}
