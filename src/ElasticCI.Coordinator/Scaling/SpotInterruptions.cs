using System.Collections.Concurrent;
using ElasticCI.Coordinator.Hosting;
using ElasticCI.Protocol.Stacks;
using ElasticCI.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>
/// Spot interruption notices: the instance stops taking work and a replacement is launched at once; jobs still running
/// shortly before the deadline (their cancel grace plus a margin) are canceled and retried elsewhere; at the deadline
/// the instance is terminated. Each step is a scaling event with its reason.
/// </summary>
internal sealed partial class SpotInterruptions(
    StackRegistry stacks, ISpotStore spot, IFleetStore fleet, FleetManager fleetManager, TimeProvider time,
    ILogger<SpotInterruptions> logger, LeaderGate gate) : BackgroundService
{
    /// <summary>The local agents' cancel grace (10 s) plus time to report: jobs are canceled this long before the deadline.</summary>
    internal static readonly TimeSpan CancelLead = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, Notice> _notices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _handled = new(StringComparer.Ordinal);
    private DateTimeOffset _adoptedAt = DateTimeOffset.MinValue;

    public async Task<(InterruptOutcome Outcome, InstanceInterruptionDto? Result)> InterruptAsync(string instanceId, TimeSpan notice, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deadline = now + notice;
        var (outcome, stackName) = await spot.TryInterruptAsync(instanceId, now, deadline, cancellationToken);
        var stack = stacks.All.FirstOrDefault(s => s.Definition.Name == stackName);
        if (outcome != InterruptOutcome.Interrupted || stack is null)
        {
            return (outcome == InterruptOutcome.Interrupted ? InterruptOutcome.NotFound : outcome, null);
        }
        var cancelAt = notice > CancelLead ? deadline - CancelLead : now;
        await fleet.AddScalingEventAsync(new ScalingEvent(stack.Definition.Name, now, "spot-interruption",
            $"spot interruption notice: terminating at {deadline:O}; taking no new work; jobs still running at {cancelAt:O} are canceled and retried on another instance",
            instanceId), cancellationToken);
        _notices[instanceId] = new Notice(stack, instanceId, cancelAt, deadline);
        // Its agents heard "stop" when the store recorded the notice; the replacement starts booting at once.
        await fleetManager.LaunchAsync(stack, $"replacing spot instance {instanceId} (interruption notice, deadline {deadline:O})", cancellationToken);
        return (outcome, new InstanceInterruptionDto(instanceId, stack.Definition.Name, cancelAt, deadline));
    }

    /// <summary>Deadlines are acted on once in the cluster: on the leader, for as long as it leads.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => gate.RunWhileLeadingAsync("spot-interruptions", LeadAsync, stoppingToken);

    private Task LeadAsync(CancellationToken stoppingToken)
        => PeriodicLoop.RunAsync(ActOnAllAsync, TimeSpan.FromMilliseconds(250), time, (level, count, ex) => Log.Failed(logger, level, count, ex), stoppingToken);

    /// <summary>Every notice is acted on even when one fails; the first failure fails the pass.</summary>
    private async Task ActOnAllAsync(CancellationToken cancellationToken)
    {
        await AdoptRecordedNoticesAsync(cancellationToken);
        Exception? first = null;
        foreach (var notice in _notices.Values)
        {
            if (!gate.IsLeading)
            {
                // Fencing: a replica paused past its lease must not act.
                return;
            }
            try
            {
                await ActAsync(notice, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                first ??= ex;
            }
        }
        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>
    /// Notices this process did not receive itself (another replica took the API call, or a previous leader or run did),
    /// from the deadlines the store records; read at most once a second.
    /// </summary>
    private async Task AdoptRecordedNoticesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _adoptedAt < TimeSpan.FromSeconds(1))
        {
            return;
        }
        _adoptedAt = now;
        foreach (var stack in stacks.All)
        {
            foreach (var instance in await fleet.ListInstancesAsync(stack.Definition.Name, now, cancellationToken))
            {
                if (instance is { InterruptionDeadline: { } deadline, State: not ElasticCI.Scaling.InstanceState.Terminated } && !_notices.ContainsKey(instance.Id) && !_handled.ContainsKey(instance.Id))
                {
                    var cancelAt = deadline - now > CancelLead ? deadline - CancelLead : now;
                    _notices.TryAdd(instance.Id, new Notice(stack, instance.Id, cancelAt, deadline));
                }
            }
        }
    }

    private async Task ActAsync(Notice notice, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var name = notice.Stack.Definition.Name;
        if (now >= notice.CancelAt && !notice.JobsCanceled)
        {
            notice.JobsCanceled = true;
            var jobs = await spot.CancelJobsForInterruptionAsync(notice.InstanceId, cancellationToken);
            if (jobs.Count > 0)
            {
                await fleet.AddScalingEventAsync(new ScalingEvent(name, now, "spot-cancel-jobs",
                    $"spot interruption: canceling {jobs.Count} job(s) that would not finish before {notice.Deadline:O}; each is retried on another instance: {string.Join(", ", jobs)}",
                    notice.InstanceId), cancellationToken);
            }
        }
        if (now < notice.Deadline)
        {
            return;
        }
        _handled[notice.InstanceId] = true;
        _notices.TryRemove(notice.InstanceId, out _);
        var instances = await fleet.ListInstancesAsync(name, now, cancellationToken);
        if (instances.FirstOrDefault(i => i.Id == notice.InstanceId) is { State: not ElasticCI.Scaling.InstanceState.Terminated })
        {
            if (!await fleetManager.TerminateUnhealthyAsync(notice.Stack, notice.InstanceId, "spot-terminated",
                "spot interruption deadline reached: terminating the instance", TimeSpan.FromSeconds(2), cancellationToken))
            {
                // Fenced (the term ends too soon for the provider call): the next term adopts the recorded notice again.
                _handled.TryRemove(notice.InstanceId, out _);
            }
        }
    }

    private sealed class Notice(StackRuntime stack, string instanceId, DateTimeOffset cancelAt, DateTimeOffset deadline)
    {
        public StackRuntime Stack { get; } = stack;
        public string InstanceId { get; } = instanceId;
        public DateTimeOffset CancelAt { get; } = cancelAt;
        public DateTimeOffset Deadline { get; } = deadline;
        public bool JobsCanceled { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.SpotInterruptionsFailed, Message = "Handling spot interruption notices failed {Count} time(s) in a row")]
        public static partial void Failed(ILogger logger, LogLevel level, int count, Exception exception);
    }
}
