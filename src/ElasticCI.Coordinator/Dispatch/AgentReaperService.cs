using ElasticCI.Coordinator.Hosting;
using ElasticCI.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Dispatch;

/// <summary>
/// Marks agents that missed their heartbeats lost (with their jobs), asks agents to stop jobs past their timeout,
/// and carries out trigger jobs (<see cref="TriggerRunner"/>).
/// </summary>
internal sealed partial class AgentReaperService(
    IAgentStore agents, IJobStore jobs, TriggerRunner triggers, IOptions<CoordinatorOptions> options,
    TimeProvider time, ILogger<AgentReaperService> logger, LeaderGate gate) : BackgroundService
{
    private int _failures;

    /// <summary>Runs once in the cluster: on the leader, for as long as it leads.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => gate.RunWhileLeadingAsync("agent-reaper", LeadAsync, stoppingToken);

    private async Task LeadAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = await RunOnceAsync(stoppingToken);
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    internal async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(options.Value.HeartbeatInterval.TotalMilliseconds / 2, 100, 1000));
        if (!gate.IsLeading)
        {
            // Fencing: a replica paused past its lease must not act.
            return interval;
        }
        try
        {
            var now = time.GetUtcNow();
            var lost = await agents.MarkLostAsync(now - options.Value.EffectiveLostAfter, now, cancellationToken);
            // Each of these raises the cluster signal itself when it changed something.
            await jobs.RequestTimeoutsAsync(now, cancellationToken);
            await triggers.RunOnceAsync(now, cancellationToken);
            if (lost > 0)
            {
                Log.AgentsLost(logger, lost, options.Value.EffectiveLostAfter);
            }
            _failures = 0;
            return interval;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _failures++;
            Log.Failed(logger, _failures < 3 ? LogLevel.Debug : LogLevel.Error, _failures, ex);
            return TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, _failures)));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.AgentReaperServiceAgentsLost, Level = LogLevel.Warning, Message = "{Count} agent(s) missed heartbeats for {LostAfter} and are lost, with their jobs")]
        public static partial void AgentsLost(ILogger logger, int count, TimeSpan lostAfter);

        [LoggerMessage(EventId = CoordinatorEventIds.AgentReaperServiceFailed, Message = "Agent reaper failed {Count} time(s) in a row")]
        public static partial void Failed(ILogger logger, LogLevel level, int count, Exception exception);
    }
}
