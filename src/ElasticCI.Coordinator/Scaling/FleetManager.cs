using ElasticCI.Compute;
using ElasticCI.Coordinator.Dispatch;
using ElasticCI.Coordinator.Security;
using ElasticCI.Stacks;
using ElasticCI.Storage;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>
/// Launches instances through the stacks' providers, records them, and watches them: when an instance's
/// process is gone its agents leave, any job they held is lost, and a "terminated" event says why.
/// </summary>
internal sealed partial class FleetManager(
    IEnumerable<IComputeProvider> providers, IFleetStore fleet, ISpotStore spot, ClusterSignal signal, CoordinatorAddress address,
    IRegistrationCredentialStore credentials, TimeProvider time, ILogger<FleetManager> logger, IRolloutStore rollouts) : IAsyncDisposable
{
    private readonly Dictionary<string, IComputeProvider> _providers = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);
    private readonly HashSet<string> _draining = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<Task> _watchers = [];
    private readonly LaunchBackoff _backoff = new();
    private volatile bool _stopping;

    public async Task LaunchAsync(StackRuntime stack, string reason, CancellationToken cancellationToken)
    {
        if (_stopping || !_backoff.MayLaunch(stack.Definition.Name, time.GetUtcNow()))
        {
            return;
        }
        var definition = stack.Definition;
        var provider = _providers[definition.Provider];
        var instanceId = $"{definition.Name}-{Guid.CreateVersion7(time.GetUtcNow()).ToString("N")[^12..]}";
        var now = time.GetUtcNow();
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
        try
        {
            var instance = await provider.LaunchAsync(new LaunchRequest(instanceId, definition, url, credential), cancellationToken);
            lock (_gate)
            {
                _watchers.Add(WatchAsync(definition.Name, instance));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.LaunchFailed(logger, instanceId, ex);
            await fleet.MarkInstanceTerminatedAsync(instanceId, time.GetUtcNow(), CancellationToken.None);
            await fleet.AddScalingEventAsync(new ScalingEvent(definition.Name, time.GetUtcNow(), "launch-failed", ex.Message, instanceId), CancellationToken.None);
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
        // Wake the drained agents' long-polls so they hear "stop" now rather than at their next poll.
        signal.Pulse();
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
        signal.Pulse();
        return true;
    }

    /// <summary>Gives up on an instance that never finished booting: records why, then stops it; its watcher marks it terminated.</summary>
    public async Task AbandonAsync(StackRuntime stack, string instanceId, string reason, CancellationToken cancellationToken)
    {
        await fleet.AddScalingEventAsync(new ScalingEvent(stack.Definition.Name, time.GetUtcNow(), "boot-timeout", reason, instanceId), cancellationToken);
        // No agent registered, so no job can be running: a hard stop loses nothing.
        await _providers[stack.Definition.Provider].TerminateAsync(instanceId, graceful: false, TimeSpan.FromSeconds(5), cancellationToken);
    }

    /// <summary>Terminates an unhealthy instance hard (dangling, failed bootstrap, spot deadline), recording <paramref name="action"/> and why; its watcher marks it terminated.</summary>
    public async Task TerminateUnhealthyAsync(StackRuntime stack, string instanceId, string action, string reason, TimeSpan grace, CancellationToken cancellationToken)
    {
        await fleet.AddScalingEventAsync(new ScalingEvent(stack.Definition.Name, time.GetUtcNow(), action, reason, instanceId), cancellationToken);
        await _providers[stack.Definition.Provider].TerminateAsync(instanceId, graceful: false, grace, cancellationToken);
    }

    /// <summary>Kills whatever still runs of an instance of a previous coordinator run (the provider's call for an instance it does not know).</summary>
    public Task KillLeftoversAsync(StackRuntime stack, string instanceId, CancellationToken cancellationToken)
        => _providers[stack.Definition.Provider].TerminateAsync(instanceId, graceful: false, TimeSpan.Zero, cancellationToken);

    /// <summary>Records a scaling decision that changed desired capacity, with its inputs.</summary>
    public Task RecordDecisionAsync(StackRuntime stack, string reason, CancellationToken cancellationToken)
        => fleet.AddScalingEventAsync(new ScalingEvent(stack.Definition.Name, time.GetUtcNow(), "decide", reason, null), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // From here on nothing new is launched, whatever the scaler still decides.
        _stopping = true;
        foreach (var provider in _providers.Values)
        {
            await provider.DisposeAsync();
        }
        Task[] watchers;
        lock (_gate)
        {
            watchers = [.. _watchers];
        }
        await Task.WhenAll(watchers).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WatchAsync(string stack, IComputeInstance instance)
    {
        var exitCode = await instance.Exited;
        bool drained;
        lock (_gate)
        {
            drained = _draining.Remove(instance.Id);
        }
        var bootstrapFailure = (instance as IBootstrapReport)?.BootstrapFailure;
        var action = bootstrapFailure is null ? "terminated" : "bootstrap-failed";
        if (bootstrapFailure is not null)
        {
            // An unhealthy boot is replaced like any lost instance, but not at once: a broken script must not become a launch storm.
            bootstrapFailure += $"; replacing it, next launch of this stack in {_backoff.Failed(stack, time.GetUtcNow()).TotalSeconds:0}s at the earliest";
        }
        else
        {
            _backoff.Succeeded(stack);
        }
        var reason = bootstrapFailure ?? InstanceExitReason.Describe(drained, exitCode);
        try
        {
            var now = time.GetUtcNow();
            await fleet.MarkInstanceTerminatedAsync(instance.Id, now, CancellationToken.None);
            await fleet.AddScalingEventAsync(new ScalingEvent(stack, now, action, reason, instance.Id), CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // The store closed during shutdown; the next start marks leftover instances terminated.
        }
        signal.Pulse();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Launching instance {InstanceId} failed")]
        public static partial void LaunchFailed(ILogger logger, string instanceId, Exception exception);
    }
}
