using ElasticCI.Coordinator.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>
/// Observes the fleet: after the start-up reconcile, compares the store's live instances with what their providers
/// describe, whenever a provider reports a change and at least every <see cref="Interval"/>; a gone instance is
/// marked terminated with why (its agents leave, any job they held is lost).
/// </summary>
internal sealed partial class InstanceReconcileService(StackRegistry stacks, FleetManager fleet, TimeProvider time, ILogger<InstanceReconcileService> logger,
    LeaderGate gate) : BackgroundService
{
    /// <summary>The longest time between two passes when no provider reports a change.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Runs once in the cluster: on the leader, for as long as it leads.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => gate.RunWhileLeadingAsync("instance-reconcile", LeadAsync, stoppingToken);

    private async Task LeadAsync(CancellationToken stoppingToken)
    {
        await fleet.StartupReconciled.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = fleet.Changed;
            var delay = Interval;
            try
            {
                if (!gate.IsLeading)
                {
                    // Fencing: a replica paused past its lease must not act.
                    return;
                }
                await fleet.ReconcileAsync(stacks.All, stoppingToken);
                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                failures++;
                Log.PassFailed(logger, failures < 3 ? LogLevel.Debug : LogLevel.Error, failures, ex);
                delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures)));
            }
            await Task.WhenAny(changed, Task.Delay(delay, time, stoppingToken));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.InstanceReconcileServicePassFailed, Message = "Reconciling instances with their providers failed {Count} time(s) in a row")]
        public static partial void PassFailed(ILogger logger, LogLevel level, int count, Exception exception);
    }
}
