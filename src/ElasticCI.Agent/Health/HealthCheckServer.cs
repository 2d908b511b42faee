using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Agent.Health;

/// <summary>
/// <c>--health-check-addr</c> (as the original agent): <c>GET /</c> answers 200 <c>OK</c> while every worker is
/// healthy, 503 once the agent is stopping or a worker has not reached the coordinator for longer than it takes the
/// coordinator to lose an agent; <c>GET /status</c> answers JSON per worker. HttpListener (BCL) serves it.
/// </summary>
internal sealed partial class HealthCheckServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly IReadOnlyList<WorkerStatus> _workers;
    private readonly Func<bool> _stopping;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Task _serving;

    private HealthCheckServer(HttpListener listener, IReadOnlyList<WorkerStatus> workers, Func<bool> stopping, TimeProvider timeProvider, ILogger logger)
    {
        _listener = listener;
        _workers = workers;
        _stopping = stopping;
        _timeProvider = timeProvider;
        _logger = logger;
        _serving = ServeAsync();
    }

    /// <summary>Starts listening on <c>http://host:port/</c>; throws <see cref="HttpListenerException"/> when the address cannot be used.</summary>
    public static HealthCheckServer Start(string host, int port, IReadOnlyList<WorkerStatus> workers, Func<bool> stopping, TimeProvider timeProvider, ILogger logger)
    {
        var listener = new HttpListener();
        var name = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        listener.Prefixes.Add($"http://{name}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/");
        listener.Start();
        Log.Listening(logger, name, port);
        return new HealthCheckServer(listener, workers, stopping, timeProvider, logger);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                await AnswerAsync(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                Log.AnswerFailed(_logger, ex);
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var now = _timeProvider.GetUtcNow();
        var workers = _workers.Select(worker => worker.Snapshot(now)).ToList();
        var healthy = !_stopping() && workers.All(worker => !worker.Unreachable && worker.State != WorkerStates.Stopping);
        var path = context.Request.Url?.AbsolutePath ?? "/";
        var (status, type, body) = (context.Request.HttpMethod, path) switch
        {
            ("GET", "/") => (healthy ? 200 : 503, "text/plain", healthy ? "OK" : "Unhealthy: " + Reason(workers)),
            ("GET", "/status") => (200, "application/json", Json(healthy, workers)),
            ("GET", _) => (404, "text/plain", "Not found; try / or /status"),
            _ => (405, "text/plain", "Only GET is supported"),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = type + "; charset=utf-8";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private string Reason(List<WorkerSnapshot> workers)
        => _stopping() || workers.Any(w => w.State == WorkerStates.Stopping)
            ? "the agent is stopping"
            : "the coordinator has been unreachable for too long by " + string.Join(", ", workers.Where(w => w.Unreachable).Select(w => w.Name));

    private static string Json(bool healthy, List<WorkerSnapshot> workers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("healthy", healthy);
            writer.WriteStartArray("workers");
            foreach (var worker in workers)
            {
                writer.WriteStartObject();
                writer.WriteString("name", worker.Name);
                writer.WriteString("state", worker.State);
                writer.WriteString("jobId", worker.JobId);
                if (worker.LastHeartbeat is { } last)
                {
                    writer.WriteString("lastHeartbeat", last);
                }
                else
                {
                    writer.WriteNull("lastHeartbeat");
                }
                writer.WriteBoolean("coordinatorUnreachable", worker.Unreachable);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.HealthCheckServerListening, Level = LogLevel.Information, Message = "Health check listening on http://{Host}:{Port}/")]
        public static partial void Listening(ILogger logger, string host, int port);

        [LoggerMessage(EventId = AgentEventIds.HealthCheckServerAnswerFailed, Level = LogLevel.Debug, Message = "Could not answer a health check request")]
        public static partial void AnswerFailed(ILogger logger, Exception exception);
    }
}
