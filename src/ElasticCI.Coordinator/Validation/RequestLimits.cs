using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ElasticCI.Coordinator.Validation;

/// <summary>
/// Request size limits. The server-wide limit (<see cref="MaxRequestBodyBytes"/>) protects every JSON endpoint; an
/// endpoint that streams to disk (artifacts) raises it for its own requests only.
/// </summary>
internal static class RequestLimits
{
    /// <summary>The largest request body of any endpoint that does not raise it.</summary>
    public const long MaxRequestBodyBytes = 4 * 1024 * 1024;

    /// <summary>Lets this request's body be up to <paramref name="bytes"/> (before anything reads it).</summary>
    public static void Allow(HttpContext http, long bytes)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = bytes;
        }
    }
}
