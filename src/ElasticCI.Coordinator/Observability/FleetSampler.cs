using ElasticCI.Coordinator.Scaling;
using ElasticCI.Scaling;
using ElasticCI.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Observability;

/// <summary>
/// Samples the fleet (per-queue jobs and agents, per-stack instances and desired size) when the cluster changes, at most
/// every <see cref="MinInterval"/> and at least every <see cref="MaxInterval"/>. The latest sample feeds the metrics gauges;
/// one sample a minute is kept for <see cref="HistoryLength"/> for the dashboard's stack chart, in memory and in the store
/// (so the chart survives a restart; older samples are removed as new ones are written). The finished-job counts are read
/// from the store at most every <see cref="MaxInterval"/>.
/// </summary>
internal sealed partial class FleetSampler(
    IMetricsStore metrics, IFleetStore fleet, StackRegistry stacks, ChangeFeed changes, ElasticCIMetrics meter, TimeProvider time,
    ILogger<FleetSampler> logger) : BackgroundService
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan HistoryStep = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan HistoryLength = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private readonly LinkedList<FleetSnapshot> _history = new();
    private int _failures;
    private bool _loaded;
    private DateTimeOffset _lastStored = DateTimeOffset.MinValue;
    private DateTimeOffset _lastCounted = DateTimeOffset.MinValue;

    /// <summary>Samples, oldest first: one a minute over the last hours, then the latest.</summary>
    public IReadOnlyList<FleetSnapshot> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = changes.Fleet;
            await RunOnceAsync(stoppingToken);
            await Task.Delay(MinInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Task.WhenAny(changed, Task.Delay(MaxInterval, time, stoppingToken));
        }
    }

    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            if (!_loaded)
            {
                await LoadAsync(now, cancellationToken);
            }
            if (now - _lastCounted >= MaxInterval)
            {
                meter.PublishFinished(await metrics.GetFinishedJobCountsAsync(cancellationToken));
                _lastCounted = now;
            }
            var queues = await metrics.GetQueueMetricsAsync(cancellationToken);
            var samples = new List<StackSample>();
            foreach (var stack in stacks.All)
            {
                var d = stack.Definition;
                var instances = await fleet.ListInstancesAsync(d.Name, now, cancellationToken);
                var q = queues.FirstOrDefault(m => m.Queue == d.Queue);
                var byState = instances.Where(i => i.State != InstanceState.Terminated)
                    .GroupBy(i => i.State.ToName())
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                foreach (var state in new[] { "pending", "running", "draining" })
                {
                    byState.TryAdd(state, 0);
                }
                samples.Add(new StackSample(d.Name, d.Queue, q?.Scheduled ?? 0, q?.Running ?? 0, stack.LastDecision?.Desired ?? d.Scaling.MinSize, byState));
            }
            var snapshot = new FleetSnapshot(now, queues, samples);
            meter.Publish(snapshot);
            Remember(snapshot);
            if (now - _lastStored >= HistoryStep)
            {
                await metrics.AddFleetSamplesAsync([.. samples.Select(s => new FleetSample(now, s.Name, s.Scheduled, s.Running, s.Desired, s.RunningInstances))],
                    now - HistoryLength, cancellationToken);
                _lastStored = now;
            }
            _failures = 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _failures++;
            Log.Failed(logger, _failures < 3 ? LogLevel.Debug : LogLevel.Warning, _failures, ex);
        }
    }

    /// <summary>The samples of earlier runs, as kept ones (one a minute), before the first new one.</summary>
    private async Task LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await metrics.ListFleetSamplesAsync(now - HistoryLength, cancellationToken);
        lock (_gate)
        {
            foreach (var at in stored.GroupBy(s => s.At))
            {
                _history.AddLast(new FleetSnapshot(at.Key, [], [.. at.Select(s => new StackSample(s.Stack, "", s.Scheduled, s.Running, s.Desired,
                    new Dictionary<string, int>(StringComparer.Ordinal) { ["running"] = s.RunningInstances }))]));
            }
        }
        _lastStored = stored.Count > 0 ? stored[^1].At : DateTimeOffset.MinValue;
        _loaded = true;
    }

    // The last entry is always the latest sample; it becomes a kept one once it is a step newer than the one before it.
    private void Remember(FleetSnapshot snapshot)
    {
        lock (_gate)
        {
            if (_history.Count >= 2 && snapshot.At - _history.Last!.Previous!.Value.At < HistoryStep)
            {
                _history.RemoveLast();
            }
            _history.AddLast(snapshot);
            while (_history.Count > 0 && snapshot.At - _history.First!.Value.At > HistoryLength)
            {
                _history.RemoveFirst();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.FleetSamplerFailed, Message = "Fleet sampling failed {Count} time(s) in a row")]
        public static partial void Failed(ILogger logger, LogLevel level, int count, Exception exception);
    }
}
