using ElasticCI.Compute;
using ElasticCI.Protocol.Stacks;
using ElasticCI.Stacks;
using ElasticCI.Storage;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>
/// Applies a new <c>elastic-ci.yml</c> to the running coordinator (<c>stack apply</c>, SIGHUP). Everything is validated
/// first and nothing changes when anything is wrong. Then: sizing changes take effect at the stack's next tick; new
/// stacks start their loop; removed stacks drain and stop; instance-affecting changes give the stack a new instance
/// revision, and its outdated instances are replaced by rolling update (<see cref="RollingUpdater"/>).
/// </summary>
internal sealed partial class StackConfigReloader(
    StackRegistry stacks, IFleetStore fleet, CoordinatorOptions options, IClusterSignal signal, TimeProvider time, ILogger<StackConfigReloader> logger,
    ComputeProviderCatalog providers) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    /// <summary>Re-reads the file the coordinator was started with.</summary>
    public async Task<StackApplyOutcome> ReloadFileAsync(CancellationToken cancellationToken)
    {
        if (options.ConfigFile is null)
        {
            return new StackApplyOutcome(["the coordinator was not started with --config: there is no file to re-read"], null);
        }
        string yaml;
        try
        {
            yaml = await File.ReadAllTextAsync(options.ConfigFile, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new StackApplyOutcome([$"{options.ConfigFile}: cannot read: {ex.Message}"], null);
        }
        return await ApplyAsync(yaml, options.ConfigFile, cancellationToken);
    }

    public async Task<StackApplyOutcome> ApplyAsync(string yaml, string source, CancellationToken cancellationToken)
    {
        var (config, parseErrors) = StackConfigFileParser.Parse(yaml, source, providers);
        var errors = parseErrors.ToList();
        if (errors.Count == 0)
        {
            StackEnvironmentRules.Check(config.Stacks, source, errors);
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (errors.Count == 0)
            {
                foreach (var leaving in stacks.All.Where(s => s.Removed && config.Stacks.Any(d => d.Name == s.Definition.Name)))
                {
                    errors.Add($"{source}: stack '{leaving.Definition.Name}' is still being removed (its instances are draining); apply again once it is gone");
                }
            }
            if (errors.Count > 0)
            {
                Log.Refused(logger, source, errors.Count);
                return new StackApplyOutcome(errors, null);
            }
            var result = await ChangeAsync(config, cancellationToken);
            // Not a store write: the stacks themselves changed, so the scaler loops look again now.
            signal.Raise();
            return new StackApplyOutcome([], result);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<StackApplyResultDto> ChangeAsync(StackConfig config, CancellationToken cancellationToken)
    {
        List<string> added = [], changed = [], removed = [], unchanged = [], details = [];
        var now = time.GetUtcNow();
        foreach (var definition in config.Stacks)
        {
            var runtime = stacks.Find(definition.Name);
            string detail;
            if (runtime is null)
            {
                stacks.Add(new StackRuntime(definition));
                added.Add(definition.Name);
                detail = $"stack added: queue {definition.Queue}, {definition.Scaling.MinSize}..{definition.Scaling.MaxSize} instances, policy {definition.Policy}, revision {InstanceRevision.Of(definition)}";
            }
            else if (runtime.Definition == definition)
            {
                unchanged.Add(definition.Name);
                continue;
            }
            else
            {
                var before = runtime.Definition;
                detail = $"settings changed: {string.Join(", ", StackSettingChanges.Between(before, definition))}";
                var (oldRevision, newRevision) = (InstanceRevision.Of(before), InstanceRevision.Of(definition));
                detail += oldRevision == newRevision
                    ? "; instance revision unchanged (sizing takes effect at the next tick)"
                    : $"; instance revision {oldRevision} → {newRevision} ({string.Join(", ", InstanceRevision.Changes(before, definition))}): "
                      + $"outdated instances are replaced gradually (MaxSurge {definition.MaxSurge}, MaxUnavailable {definition.MaxUnavailable}), no running job is interrupted";
                runtime.Definition = definition;
                changed.Add(definition.Name);
            }
            details.Add($"{definition.Name}: {detail}");
            await fleet.AddScalingEventAsync(new ScalingEvent(definition.Name, now, "config", detail, null), cancellationToken);
        }
        foreach (var runtime in stacks.All.Where(s => !s.Removed && config.Stacks.All(d => d.Name != s.Definition.Name)))
        {
            runtime.Removed = true;
            removed.Add(runtime.Definition.Name);
            var detail = "stack removed from the configuration: idle instances drain now, busy ones after their job; then its scaler stops";
            details.Add($"{runtime.Definition.Name}: {detail}");
            await fleet.AddScalingEventAsync(new ScalingEvent(runtime.Definition.Name, now, "config", detail, null), cancellationToken);
        }
        if (stacks.MaxInstances != config.MaxInstances)
        {
            details.Add($"global MaxInstances {stacks.MaxInstances?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} → {config.MaxInstances?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
            stacks.MaxInstances = config.MaxInstances;
        }
        Log.Applied(logger, added.Count, changed.Count, removed.Count, unchanged.Count);
        return new StackApplyResultDto(added, changed, removed, unchanged, config.MaxInstances, details);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.StackConfigReloaderApplied, Level = LogLevel.Information, Message = "Stack configuration applied: {Added} added, {Changed} changed, {Removed} removed, {Unchanged} unchanged")]
        public static partial void Applied(ILogger logger, int added, int changed, int removed, int unchanged);

        [LoggerMessage(EventId = CoordinatorEventIds.StackConfigReloaderRefused, Level = LogLevel.Warning, Message = "Stack configuration from {Source} refused with {Count} problem(s); nothing changed")]
        public static partial void Refused(ILogger logger, string source, int count);
    }
}
