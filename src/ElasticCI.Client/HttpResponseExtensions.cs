using System.Net.Http.Json;
using System.Text.Json;
using ElasticCI.Protocol;

namespace ElasticCI.Client;

internal static class HttpResponseExtensions
{
    public static async Task EnsureOkAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        ProblemDto? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.ProblemDto, cancellationToken);
        }
        catch (JsonException)
        {
            // Not every error (a proxy's, a crash page) carries a problem body; the status still says enough.
        }
        throw new CoordinatorException(response.StatusCode, problem);
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await response.EnsureOkAsync(cancellationToken);
        var value = await response.Content.ReadFromJsonAsync(type, cancellationToken);
        return value ?? throw new CoordinatorException(response.StatusCode, new ProblemDto("empty response", (int)response.StatusCode, null, null));
    }
}
