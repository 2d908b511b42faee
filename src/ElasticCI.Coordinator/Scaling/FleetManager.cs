using ElasticCI.Cluster;
using ElasticCI.Compute;
using ElasticCI.Coordinator.Security;
using ElasticCI.Stacks;
using ElasticCI.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>
/// Launches instances through the stacks' providers and records them; their providers' descriptions are reconciled
/// with the store (<c>FleetManager.Reconcile.cs</c>): when an instance is gone its agents leave, any job they held is
/// lost, and a "terminated" event says why. Provider calls of a leader's duties are fenced (<c>FleetManager.Fence.cs</c>).
/// </summary>
internal sealed partial class FleetManager(
    IEnumerable<IComputeProvider> providers, IFleetStore fleet, ISpotStore spot, CoordinatorAddress address,
    IRegistrationCredentialStore credentials, TimeProvider time, ILogger<FleetManager> logger, IRolloutStore rollouts, StackRegistry stacks,
    ILeadership leadership, IOptions<LaunchFenceOptions> fenceOptions) : IAsyncDisposable
{
    private readonly Dictionary<string, IComputeProvider> _providers = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);
    private readonly HashSet<string> _draining = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly HashSet<string> _launching = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reconciling = new(1, 1);
    private readonly LaunchBackoff _backoff = new();
    private volatile bool _stopping;
    private int _disposed;

    public async Task LaunchAsync(StackRuntime stack, string reason, CancellationToken cancellationToken)
    {
        if (_stopping || !_backoff.MayLaunch(stack.Definition.Name, time.GetUtcNow()))
        {
            return;
        }
        // The term deciding this launch (null outside a leader duty's work); one with too little left stores nothing.
        var epoch = LeaderFencing.CurrentEpoch;
        if (CheckProviderCall(epoch) != ProviderCallVerdict.Proceed)
        {
            return;
        }
        var definition = stack.Definition;
        var provider = _providers[definition.Provider];
        var instanceId = $"{definition.Name}-{Guid.CreateVersion7(time.GetUtcNow()).ToString("N")[^12..]}";
        var now = time.GetUtcNow();
        lock (_gate)
        {
            // Until the provider has it, the reconcile loop must not take its absence there for an exit.
            _launching.Add(instanceId);
        }
        try
        {
            await LaunchAsync(stack, provider, instanceId, reason, now, epoch, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _launching.Remove(instanceId);
            }
        }
    }

    private async Task LaunchAsync(StackRuntime stack, IComputeProvider provider, string instanceId, string reason, DateTimeOffset now, long? epoch,
        CancellationToken cancellationToken)
    {
        var definition = stack.Definition;
        // Stored before the process starts, so its agents always find their instance when they register.
        await fleet.AddInstanceAsync(instanceId, definition.Name, now, cancellationToken);
        await rollouts.SetInstanceRevisionAsync(instanceId, InstanceRevision.Of(definition), cancellationToken);
        var lifecycle = await spot.AssignLifecycleAsync(instanceId, definition.Name, definition.OnDemandBaseCapacity, definition.OnDemandPercentage, cancellationToken);
        await fleet.AddScalingEventAsync(new ScalingEvent(definition.Name, now, "launch", $"{reason} [{lifecycle}]", instanceId), cancellationToken);
        var url = await address.Url.WaitAsync(cancellationToken);
        // The instance's own credential, not the long-lived token: one registration per agent of this instance, on its
        // queue, until the instance counts as failed to boot. Whatever a job finds of it later is spent or expired.
        var credential = AccessTokens.Create();
        await credentials.IssueRegistrationCredentialAsync(AccessTokens.Hash(credential), instanceId, definition.Queue,
            definition.Scaling.AgentsPerInstance, now, now + definition.InstanceCreationTimeout, cancellationToken);
        // The one call no database can fence: made only while the deciding term is current with time to spare.
        if (CheckProviderCall(epoch) is var verdict and not ProviderCallVerdict.Proceed)
        {
            await GiveUpFencedLaunchAsync(definition.Name, instanceId, verdict, epoch!.Value);
            return;
        }
        try
        {
            await provider.LaunchAsync(new LaunchRequest(instanceId, definition, url, credential), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.LaunchFailed(logger, instanceId, ex);
            var failedAt = time.GetUtcNow();
            await fleet.MarkInstanceTerminatedAsync(instanceId, failedAt, new ScalingEvent(definition.Name, failedAt, "launch-failed", ex.Message, instanceId), CancellationToken.None);
        }
    }

    /// <summary>Drains an idle instance (compare-and-set in the store); its agents are told to stop and the instance exits by itself.</summary>
    public async Task<bool> TryDrainAsync(StackRuntime stack, string instanceId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await fleet.TryDrainInstanceAsync(instanceId, now, cancellationToken))
        {
            return false;
        }
        lock (_gate)
        {
            _draining.Add(instanceId);
        }
        await fleet.AddScalingEventAsync(new ScalingEvent(stack.Definition.Name, now, "drain", reason, instanceId), cancellationToken);
        return true;
    }

    /// <summary>Retires an outdated (or removed stack's) instance: no new job for its agents; a busy one finishes its job, then it exits.</summary>
    public async Task<bool> RetireAsync(StackRuntime stack, string instanceId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await rollouts.RetireInstanceAsync(instanceId, now, cancellationToken))
        {
            return false;
        }
        lock (_gate)
        {
            _draining.Add(instanceId);
        }
        await fleet.AddScalingEventAsync(new ScalingEvent(stack.Definition.Name, now, "retire", reason, instanceId), cancellationToken);
        return true;
    }

    /// <summary>
    /// Gives up on an instance that never finished booting: records why, then stops it; its watcher marks it terminated.
    /// False when the leader term ends too soon to call the provider (fenced): the next term decides again.
    /// </summary>
    public async Task<bool> AbandonAsync(StackRuntime stack, string instanceId, string reason, CancellationToken cancellationToken)
    {
        if (!MayCallProvider(instanceId, "terminate"))
        {
            return false;
        }
        await fleet.AddScalingEventAsync(new ScalingEvent(stack.Definition.Name, time.GetUtcNow(), "boot-timeout", reason, instanceId), cancellationToken);
        // No agent registered, so no job can be running: a hard stop loses nothing.
        await _providers[stack.Definition.Provider].TerminateAsync(instanceId, graceful: false, TimeSpan.FromSeconds(5), cancellationToken);
        return true;
    }

    /// <summary>
    /// Terminates an unhealthy instance hard (dangling, failed bootstrap, spot deadline), recording <paramref name="action"/> and why; its
    /// watcher marks it terminated. False when the leader term ends too soon to call the provider (fenced): the next term decides again.
    /// </summary>
    public async Task<bool> TerminateUnhealthyAsync(StackRuntime stack, string instanceId, string action, string reason, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!MayCallProvider(instanceId, "terminate"))
        {
            return false;
        }
        await fleet.AddScalingEventAsync(new ScalingEvent(stack.Definition.Name, time.GetUtcNow(), action, reason, instanceId), cancellationToken);
        await _providers[stack.Definition.Provider].TerminateAsync(instanceId, graceful: false, grace, cancellationToken);
        return true;
    }

    /// <summary>Records a scaling decision that changed desired capacity, with its inputs.</summary>
    public Task RecordDecisionAsync(StackRuntime stack, string reason, CancellationToken cancellationToken)
        => fleet.AddScalingEventAsync(new ScalingEvent(stack.Definition.Name, time.GetUtcNow(), "decide", reason, null), cancellationToken);

    /// <summary>
    /// Stops launching and disposes the providers: one whose instances cannot outlive the coordinator (local) stops
    /// them; the others leave them running for the next start to adopt. What is gone then is recorded as such.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        // From here on nothing new is launched, whatever the scaler still decides.
        _stopping = true;
        foreach (var provider in _providers.Values)
        {
            await provider.DisposeAsync();
        }
        try
        {
            await ReconcileAsync(stacks.All, CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // The store closed during shutdown; the next start reconciles what is left.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.FleetManagerLaunchFailed, Level = LogLevel.Error, Message = "Launching instance {InstanceId} failed")]
        public static partial void LaunchFailed(ILogger logger, string instanceId, Exception exception);
    }
}
