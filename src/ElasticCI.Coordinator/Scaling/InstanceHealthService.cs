using ElasticCI.Coordinator.Hosting;
using ElasticCI.Scaling;
using ElasticCI.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>
/// The periodic instance health check: a running instance without a live agent for DanglingInstanceGracePeriod is
/// terminated hard; the reconcile loop marks it terminated and the scaler replaces it as demand asks. (An instance
/// its provider reports gone is the reconcile loop's; one that never registers is InstanceCreationTimeout's.)
/// </summary>
internal sealed partial class InstanceHealthService(
    StackRegistry stacks, IFleetStore fleet, FleetManager fleetManager, TimeProvider time, ILogger<InstanceHealthService> logger, LeaderGate gate) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly HashSet<string> _terminated = new(StringComparer.Ordinal);

    /// <summary>Runs once in the cluster: on the leader, for as long as it leads.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => gate.RunWhileLeadingAsync("instance-health", LeadAsync, stoppingToken);

    private Task LeadAsync(CancellationToken stoppingToken)
        => PeriodicLoop.RunAsync(CheckAllAsync, Interval, time, (level, count, ex) => Log.CheckFailed(logger, level, count, ex), stoppingToken);

    /// <summary>Every stack is checked even when one fails; the first failure fails the pass.</summary>
    private async Task CheckAllAsync(CancellationToken cancellationToken)
    {
        Exception? first = null;
        foreach (var stack in stacks.All)
        {
            if (!gate.IsLeading)
            {
                // Fencing: a replica paused past its lease must not act.
                return;
            }
            try
            {
                await CheckAsync(stack, cancellationToken);
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

    internal async Task CheckAsync(StackRuntime stack, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var instances = await fleet.ListInstancesAsync(stack.Definition.Name, now, cancellationToken);
        foreach (var (instanceId, reason) in DanglingInstances.Find(instances, stack.Definition.DanglingInstanceGracePeriod, now))
        {
            if (!_terminated.Add(instanceId))
            {
                continue;
            }
            Log.Dangling(logger, instanceId, reason);
            // Its agents are dead or frozen, so nothing graceful can happen: a short grace, then SIGKILL.
            if (!await fleetManager.TerminateUnhealthyAsync(stack, instanceId, "unhealthy", reason, TimeSpan.FromSeconds(2), cancellationToken))
            {
                // Fenced (the term ends too soon for the provider call): the next term terminates it.
                _terminated.Remove(instanceId);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.InstanceHealthServiceDangling, Level = LogLevel.Warning, Message = "Instance {InstanceId} is unhealthy: {Reason}")]
        public static partial void Dangling(ILogger logger, string instanceId, string reason);

        [LoggerMessage(EventId = CoordinatorEventIds.InstanceHealthServiceCheckFailed, Message = "Instance health check failed {Count} time(s) in a row")]
        public static partial void CheckFailed(ILogger logger, LogLevel level, int count, Exception exception);
    }
}
