using System.Text;
using System.Text.Json;
using ElasticCI.Coordinator.Api;
using ElasticCI.Coordinator.Observability;
using ElasticCI.Coordinator.Scaling;
using ElasticCI.Coordinator.Security;
using ElasticCI.Jobs;
using ElasticCI.Protocol;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace ElasticCI.Coordinator.Dashboard;

/// <summary>
/// Server-sent event streams, woken by <see cref="ChangeFeed"/> (no polling):
/// <c>/api/v1/builds/{id}/events</c> (the build with its jobs, each time it changes; event id = the number of the version),
/// <c>/api/v1/jobs/{id}/log/events</c> (the log as it grows; event id = the byte offset after the chunk, so a reconnect with
/// <c>Last-Event-ID</c> continues exactly where it stopped) and <c>/api/v1/events</c> (a pulse when the fleet changes).
/// </summary>
internal static class EventStreamEndpoints
{
    private const int MaxChunk = 256 * 1024;

    public static void MapEventStreams(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Events").AddEndpointFilter(AuthFilters.RequireUserAsync);
        group.MapGet("/builds/{id}/events", BuildEventsAsync).WithName("BuildEvents");
        group.MapGet("/jobs/{id}/log/events", LogEventsAsync).WithName("JobLogEvents");
        group.MapGet("/events", FleetEventsAsync).WithName("FleetEvents");
    }

    private static async Task<Results<EmptyHttpResult, JsonHttpResult<ProblemDto>>> BuildEventsAsync(
        HttpContext http, string id, IBuildStore builds, StackRegistry stacks, IMetricsStore metrics, ChangeFeed changes, IHostApplicationLifetime lifetime,
        TimeProvider time, CancellationToken requestAborted)
    {
        if (await builds.GetBuildAsync(id, requestAborted) is null)
        {
            return Problems.NotFound($"Build {id}");
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = linked.Token;
        var writer = new EventStreamWriter(http.Response);
        var version = EventStreamWriter.LastEventId(http.Request) ?? 0;
        string? sent = null;
        try
        {
            await writer.StartAsync(cancellationToken);
            while (true)
            {
                var changed = changes.Fleet;
                var build = (await builds.GetBuildAsync(id, cancellationToken))!;
                // Warnings are read afresh each time: an agent connecting for an unserved queue clears them.
                var dto = await new QueueWarnings(stacks, metrics).ToDtoAsync(build, cancellationToken);
                var json = JsonSerializer.Serialize(dto, ProtocolJsonContext.Default.BuildDto);
                // A reconnect gets the current build at once: every event is the whole build, so none in between is lost.
                if (json != sent)
                {
                    await writer.WriteAsync((++version).ToString(System.Globalization.CultureInfo.InvariantCulture), "build", json, cancellationToken);
                    sent = json;
                }
                if (!await WaitAsync(changed, writer, time, cancellationToken))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The viewer went away or the coordinator is stopping.
        }
        return TypedResults.Empty;
    }

    private static async Task<Results<EmptyHttpResult, JsonHttpResult<ProblemDto>>> LogEventsAsync(
        HttpContext http, string id, long? offset, IJobStore jobs, ChangeFeed changes, IHostApplicationLifetime lifetime, TimeProvider time, CancellationToken requestAborted)
    {
        if (offset is < 0)
        {
            return Problems.BadRequest(["offset must be 0 or more"]);
        }
        if (await jobs.GetJobAsync(id, requestAborted) is null)
        {
            return Problems.NotFound($"Job {id}");
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = linked.Token;
        var writer = new EventStreamWriter(http.Response);
        var position = EventStreamWriter.LastEventId(http.Request) ?? offset ?? 0;
        try
        {
            await writer.StartAsync(cancellationToken);
            while (true)
            {
                var changed = changes.Log(id);
                // The job's state first: bytes read after seeing it finished are its last ones.
                var finished = (await jobs.GetJobAsync(id, cancellationToken))!.State.IsTerminal();
                var bytes = await jobs.ReadLogAsync(id, position, MaxChunk, cancellationToken) ?? [];
                var complete = CompleteUtf8Length(bytes, finished);
                if (complete > 0)
                {
                    position += complete;
                    var text = Encoding.UTF8.GetString(bytes, 0, complete);
                    await writer.WriteAsync(position.ToString(System.Globalization.CultureInfo.InvariantCulture), "log",
                        JsonSerializer.Serialize(text, DashboardJsonContext.Default.String), cancellationToken);
                    continue;
                }
                if (finished)
                {
                    await writer.WriteAsync(position.ToString(System.Globalization.CultureInfo.InvariantCulture), "end", "{}", cancellationToken);
                    break;
                }
                if (!await WaitAsync(changed, writer, time, cancellationToken))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The viewer went away or the coordinator is stopping.
        }
        return TypedResults.Empty;
    }

    private static async Task<EmptyHttpResult> FleetEventsAsync(
        HttpContext http, ChangeFeed changes, IHostApplicationLifetime lifetime, TimeProvider time, CancellationToken requestAborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = linked.Token;
        var writer = new EventStreamWriter(http.Response);
        var sequence = EventStreamWriter.LastEventId(http.Request) ?? 0;
        try
        {
            await writer.StartAsync(cancellationToken);
            while (true)
            {
                var changed = changes.Fleet;
                // Each event says "reload": a reconnect gets one at once, so a change while disconnected is not missed.
                await writer.WriteAsync((++sequence).ToString(System.Globalization.CultureInfo.InvariantCulture), "changed", "{}", cancellationToken);
                if (!await WaitAsync(changed, writer, time, cancellationToken))
                {
                    break;
                }
                // At most four a second: a busy fleet changes far more often than a page can usefully redraw.
                await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The viewer went away or the coordinator is stopping.
        }
        return TypedResults.Empty;
    }

    /// <summary>Waits for a change, sending keep-alives meanwhile; false when the stream should end.</summary>
    private static async Task<bool> WaitAsync(Task changed, EventStreamWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        while (true)
        {
            var timeout = Task.Delay(EventStreamWriter.KeepAlive, time, cancellationToken);
            if (await Task.WhenAny(changed, timeout) == changed)
            {
                return !cancellationToken.IsCancellationRequested;
            }
            cancellationToken.ThrowIfCancellationRequested();
            // Also the periodic re-check for changes made by another coordinator replica sharing the store.
            await writer.PingAsync(cancellationToken);
            return true;
        }
    }

    /// <summary>How many leading bytes end on a whole UTF-8 character (all of them once the log is complete).</summary>
    internal static int CompleteUtf8Length(byte[] bytes, bool complete)
    {
        if (complete || bytes.Length == 0)
        {
            return bytes.Length;
        }
        var i = bytes.Length - 1;
        var back = 0;
        while (i >= 0 && back < 3 && (bytes[i] & 0xC0) == 0x80)
        {
            i--;
            back++;
        }
        if (i < 0 || bytes[i] < 0x80)
        {
            return bytes.Length;
        }
        var need = bytes[i] >= 0xF0 ? 4 : bytes[i] >= 0xE0 ? 3 : 2;
        return bytes.Length - i >= need ? bytes.Length : i;
    }
}
