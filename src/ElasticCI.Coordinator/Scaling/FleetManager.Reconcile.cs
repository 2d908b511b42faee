using ElasticCI.Cluster;
using ElasticCI.Compute;
using ElasticCI.Scaling;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>The observing half: the store's instances compared with what their providers say, at start-up and in a loop.</summary>
internal sealed partial class FleetManager
{
    private readonly TaskCompletionSource _startupReconciled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _orphansTerminated = new(StringComparer.Ordinal);

    /// <summary>Completes once <see cref="ReconcileStartupAsync"/> has run: the reconcile loop starts after it.</summary>
    public Task StartupReconciled => _startupReconciled.Task;

    /// <summary>Completes at the next change any provider reports.</summary>
    public Task Changed => Task.WhenAny(_providers.Values.Select(p => p.Changed));

    /// <summary>
    /// At start-up, the instances a previous coordinator run left in the store: a provider whose instances survive a
    /// restart is asked about each, and the live ones are adopted; the others (local) cannot have outlived it, and are gone.
    /// </summary>
    public async Task ReconcileStartupAsync(IEnumerable<StackRuntime> stacks, CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            foreach (var stack in stacks)
            {
                var name = stack.Definition.Name;
                _providers.TryGetValue(stack.Definition.Provider, out var provider);
                foreach (var instance in await fleet.ListInstancesAsync(name, now, cancellationToken))
                {
                    if (instance.State == InstanceState.Terminated)
                    {
                        continue;
                    }
                    var status = provider is { Capabilities.SurvivesCoordinatorRestart: true }
                        ? await provider.DescribeAsync(instance.Id, cancellationToken)
                        : null;
                    if (status is null && LaunchFenceDecision.LeaveAlone(instance.LaunchedAt, now, knownToProvider: false, GraceWindow))
                    {
                        // Stored moments ago by the leader before this one: its launch call may still be under way.
                        continue;
                    }
                    if (status is { IsGone: false })
                    {
                        await fleet.AddScalingEventAsync(new ScalingEvent(name, now, "adopt",
                            $"still {status.State.ToString().ToLowerInvariant()} after a coordinator restart; provider {provider!.Name} keeps it", instance.Id), cancellationToken);
                        continue;
                    }
                    // A local instance cannot outlive the coordinator that launched it (its agents watch our pid, a sandbox's
                    // watchdog kills it); whatever is left of it is killed before it is marked gone and its jobs retried.
                    if (provider is not null)
                    {
                        if (!MayCallProvider(instance.Id, "terminate"))
                        {
                            // Fenced: the reconcile loop of the next term takes it up.
                            continue;
                        }
                        await provider.TerminateAsync(instance.Id, graceful: false, TimeSpan.Zero, cancellationToken);
                    }
                    var reason = status is null && provider is { Capabilities.SurvivesCoordinatorRestart: true } && GraceWindow > TimeSpan.Zero
                        ? NeverKnown(provider, instance, now)
                        : "left over from a previous coordinator run";
                    await fleet.MarkInstanceTerminatedAsync(instance.Id, now, new ScalingEvent(name, now, "terminated", reason, instance.Id), cancellationToken);
                }
            }
        }
        finally
        {
            _startupReconciled.TrySetResult();
        }
    }

    /// <summary>
    /// One pass: every live instance of <paramref name="stacks"/> in the store that its provider reports gone is marked
    /// terminated, with why; one its provider does not know is so only after the grace window of a launch in flight; and an
    /// instance the provider runs but the store has terminated (a late launch) is terminated.
    /// </summary>
    public async Task ReconcileAsync(IEnumerable<StackRuntime> stacks, CancellationToken cancellationToken)
    {
        // One pass at a time (the loop's and the final one at shutdown): each reads the store afresh, so none marks an instance twice.
        await _reconciling.WaitAsync(cancellationToken);
        try
        {
            await ReconcilePassAsync(stacks, cancellationToken);
        }
        finally
        {
            _reconciling.Release();
        }
    }

    private async Task ReconcilePassAsync(IEnumerable<StackRuntime> stacks, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var stack in stacks)
        {
            if (!_providers.TryGetValue(stack.Definition.Provider, out var provider))
            {
                continue;
            }
            var instances = await fleet.ListInstancesAsync(stack.Definition.Name, now, cancellationToken);
            foreach (var instance in instances)
            {
                if (instance.State == InstanceState.Terminated || IsLaunching(instance.Id))
                {
                    continue;
                }
                var status = await provider.DescribeAsync(instance.Id, cancellationToken);
                if (status is null && LaunchFenceDecision.LeaveAlone(instance.LaunchedAt, now, knownToProvider: false, GraceWindow))
                {
                    // Another leader's launch may still be under way (this coordinator's own are IsLaunching).
                    continue;
                }
                if (status is null or { IsGone: true })
                {
                    await MarkGoneAsync(stack.Definition.Name, instance.Id, status, status is null && GraceWindow > TimeSpan.Zero ? NeverKnown(provider, instance, now) : null);
                }
            }
            if (!_stopping)
            {
                await TerminateOrphansAsync(stack.Definition.Name, provider, instances, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Instances <paramref name="provider"/> runs whose rows the store has terminated: a launch that landed after its row was
    /// given up (a leader's call that outlasted the grace window). Each is terminated once, with a scaling event saying
    /// why. One the store has no row of at all is left alone: every launch stores its row first, so it is not ours.
    /// </summary>
    private async Task TerminateOrphansAsync(string stack, IComputeProvider provider, IReadOnlyList<InstanceRecord> live, CancellationToken cancellationToken)
    {
        var known = live.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var candidates = (await provider.ListAsync(stack, cancellationToken))
            .Where(s => !s.IsGone && !known.Contains(s.Id) && !IsLaunching(s.Id) && !IsOrphanTerminated(s.Id))
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }
        // Read again, terminated rows included and after the provider's list: a launch stored meanwhile is live here.
        var rows = (await fleet.ListInstancesAsync(stack, DateTimeOffset.MinValue, cancellationToken)).ToDictionary(i => i.Id, StringComparer.Ordinal);
        foreach (var orphan in candidates)
        {
            if (!rows.TryGetValue(orphan.Id, out var row) || row.State != InstanceState.Terminated || !MayCallProvider(orphan.Id, "terminate-orphan"))
            {
                continue;
            }
            Log.OrphanTerminated(logger, orphan.Id);
            await fleet.AddScalingEventAsync(new ScalingEvent(stack, time.GetUtcNow(), "orphan-terminated",
                $"provider {provider.Name} runs it ({orphan.State.ToString().ToLowerInvariant()}) but it was marked terminated at {row.TerminatedAt:O}: a launch that landed after its instance was given up; terminating it",
                orphan.Id), cancellationToken);
            await provider.TerminateAsync(orphan.Id, graceful: false, TimeSpan.FromSeconds(5), cancellationToken);
            lock (_gate)
            {
                _orphansTerminated.Add(orphan.Id);
            }
        }
    }

    /// <summary>Why an instance its provider never listed is given up after the grace window (several coordinators only).</summary>
    private string NeverKnown(IComputeProvider provider, InstanceRecord instance, DateTimeOffset now)
        => $"its provider {provider.Name} does not know it {(now - instance.LaunchedAt).TotalSeconds:0}s after it was stored (grace window {GraceWindow.TotalSeconds:0}s): never launched, or lost";

    private bool IsOrphanTerminated(string instanceId)
    {
        lock (_gate)
        {
            return _orphansTerminated.Contains(instanceId);
        }
    }

    private bool IsLaunching(string instanceId)
    {
        lock (_gate)
        {
            return _launching.Contains(instanceId);
        }
    }

    private async Task MarkGoneAsync(string stack, string instanceId, ComputeInstanceStatus? status, string? neverKnown)
    {
        bool drained;
        lock (_gate)
        {
            drained = _draining.Remove(instanceId);
        }
        var bootstrapFailure = status?.BootstrapFailure;
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
        var reason = bootstrapFailure ?? status?.ExitReason ?? neverKnown ?? InstanceExitReason.Describe(drained, status?.ExitCode ?? -1);
        var now = time.GetUtcNow();
        await fleet.MarkInstanceTerminatedAsync(instanceId, now, new ScalingEvent(stack, now, action, reason, instanceId), CancellationToken.None);
    }
}
