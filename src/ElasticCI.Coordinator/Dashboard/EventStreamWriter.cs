using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ElasticCI.Coordinator.Dashboard;

/// <summary>Writes a <c>text/event-stream</c> response: events with an id (for <c>Last-Event-ID</c>), a name and one line of JSON data.</summary>
internal sealed class EventStreamWriter(HttpResponse response)
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        // Reconnect quickly after a coordinator restart or a dropped connection.
        await response.WriteAsync("retry: 1000\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task WriteAsync(string id, string name, string json, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(json.Length + 64)
            .Append("id: ").Append(id).Append('\n')
            .Append("event: ").Append(name).Append('\n')
            .Append("data: ").Append(json).Append("\n\n");
        await response.WriteAsync(text.ToString(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await response.WriteAsync(": keep-alive\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>The id the client last received (the header a reconnecting EventSource sends, or <c>?lastEventId=</c>); null without one.</summary>
    public static long? LastEventId(HttpRequest request)
    {
        var raw = request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrEmpty(raw))
        {
            raw = request.Query["lastEventId"].ToString();
        }
        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
