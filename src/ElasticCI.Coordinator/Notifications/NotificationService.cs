using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ElasticCI.Builds;
using ElasticCI.Coordinator.Hosting;
using ElasticCI.Notifications;
using ElasticCI.Pipelines;
using ElasticCI.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Notifications;

/// <summary>
/// Delivers top-level <c>notify</c> entries of finished builds, off the build's path: a finished build's entries are
/// decided once (<see cref="NotificationPlanner"/>) and stored; pending webhooks are POSTed in the background with
/// retries (<see cref="WebhookSender"/>), also after a restart. Delivery is at least once. Nothing here throws out.
/// </summary>
internal sealed partial class NotificationService(
    INotificationStore notifications, IBuildStore builds, WebhookSender sender, CoordinatorAddress address, IClusterSignal signal,
    TimeProvider time, ILogger<NotificationService> logger, LeaderGate gate) : BackgroundService
{
    private readonly ConcurrentDictionary<(string BuildId, int Index), Task> _inFlight = new();

    /// <summary>Webhooks are delivered once in the cluster: by the leader, for as long as it leads.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => gate.RunWhileLeadingAsync("notifications", LeadAsync, stoppingToken);

    private async Task LeadAsync(CancellationToken stoppingToken)
    {
        string url;
        try
        {
            url = await address.Url.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        // A pass at each change (a build finished) or every second; a failing store backs off and logs Debug, then Error.
        await PeriodicLoop.RunAsync(ct => RunOnceAsync(url, ct), Interval, () => signal.Changed, time,
            (level, count, ex) => Log.Failed(logger, level, count, ex), stoppingToken);
        await Task.WhenAll(_inFlight.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>One pass: plans the notifications of newly finished builds and starts delivering pending ones. A store failure throws.</summary>
    internal async Task RunOnceAsync(string coordinatorUrl, CancellationToken cancellationToken)
    {
        if (!gate.IsLeading)
        {
            // Fencing: a replica paused past its lease must not deliver.
            return;
        }
        foreach (var build in await notifications.ListBuildsToNotifyAsync(50, cancellationToken))
        {
            // The build's own notify, its uploads' and its steps' (step-level notify is decided once the build finished too).
            var jobs = (await builds.GetBuildAsync(build.Id, cancellationToken))?.Jobs ?? [];
            var uploads = (await notifications.ListUploadNotifyAsync(build.Id, cancellationToken)).Select(j => JsonNode.Parse(j)).ToList();
            var steps = jobs.Where(j => j.RetriedBy is null && j.Spec.Notify is not null).Select(j => (j.Id, j.Spec.Notify)).ToList();
            var planned = NotificationPlanner.PlanBuild(NotifyOf(build), uploads, steps, BuildContext.Of(build) with { State = build.State });
            await notifications.SaveNotificationPlanAsync(build.Id, planned, time.GetUtcNow(), cancellationToken);
        }
        foreach (var pending in await notifications.ListPendingNotificationsAsync(50, cancellationToken))
        {
            var key = (pending.BuildId, pending.Index);
            if (!_inFlight.ContainsKey(key))
            {
                _inFlight[key] = DeliverAsync(pending, coordinatorUrl, cancellationToken);
            }
        }
    }

    private async Task DeliverAsync(NotificationRecord pending, string coordinatorUrl, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            if (await builds.GetBuildAsync(pending.BuildId, cancellationToken) is not { } build)
            {
                return;
            }
            var outcome = Uri.TryCreate(pending.Target, UriKind.Absolute, out var url)
                ? await SendAsync(url, build, pending.JobId, coordinatorUrl, cancellationToken)
                : new WebhookOutcome(false, 0, $"webhook must be an http or https URL, was '{pending.Target}'");
            var state = outcome.Delivered ? NotificationState.Delivered : NotificationState.Failed;
            await notifications.RecordNotificationAsync(
                pending.BuildId, pending.Index, state, pending.Attempts + outcome.Attempts, outcome.Error, time.GetUtcNow(), cancellationToken);
            if (!outcome.Delivered)
            {
                Log.WebhookFailed(logger, build.PipelineSlug, build.Number, outcome.Attempts, outcome.Error);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The record stays pending, so a later pass delivers it again.
            Log.DeliveryFailed(logger, pending.BuildId, ex);
        }
        finally
        {
            _inFlight.TryRemove((pending.BuildId, pending.Index), out _);
        }
    }

    private Task<WebhookOutcome> SendAsync(Uri url, BuildRecord build, string? jobId, string coordinatorUrl, CancellationToken cancellationToken)
        => build.Jobs.FirstOrDefault(j => j.Id == jobId) is { } job
            ? sender.SendAsync(url, WebhookPayload.For(build, job, coordinatorUrl), WebhookPayload.JobFinished, cancellationToken)
            : sender.SendAsync(url, WebhookPayload.For(build, coordinatorUrl), WebhookPayload.BuildFinished, cancellationToken);

    // The build keeps its pipeline YAML; its notify list is read from there (the parser already accepted it).
    private static System.Text.Json.Nodes.JsonNode? NotifyOf(BuildRecord build)
        => string.IsNullOrWhiteSpace(build.SourceYaml) ? null : PipelineParser.Parse(build.SourceYaml, "pipeline.yml").Pipeline?.Notify;

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.NotificationServiceWebhookFailed, Level = LogLevel.Warning, Message = "Webhook for {Pipeline} build {Number} not delivered after {Attempts} attempt(s): {Error}")]
        public static partial void WebhookFailed(ILogger logger, string pipeline, int number, int attempts, string? error);

        [LoggerMessage(EventId = CoordinatorEventIds.NotificationServiceFailed, Message = "Build notifications failed ({Count} in a row); retrying with backoff")]
        public static partial void Failed(ILogger logger, LogLevel level, int count, Exception exception);

        [LoggerMessage(EventId = CoordinatorEventIds.NotificationServiceDeliveryFailed, Level = LogLevel.Warning, Message = "Delivering a notification of build {BuildId} failed; a later pass retries it")]
        public static partial void DeliveryFailed(ILogger logger, string buildId, Exception exception);
    }
}
