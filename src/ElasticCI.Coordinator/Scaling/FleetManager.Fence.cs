using ElasticCI.Cluster;
using ElasticCI.Storage;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>
/// The fencing of provider calls (<see cref="LaunchFenceDecision"/>): a leader duty's launch or terminate call starts only
/// while the term that decided it is current with <see cref="LaunchFenceOptions.TermMargin"/> to spare. Work outside a
/// term (the API; a coordinator alone on its store, whose lead never ends) is never fenced.
/// </summary>
internal sealed partial class FleetManager
{
    /// <summary>The least time a term must have left to start a provider call (zero when the lead never expires).</summary>
    internal TimeSpan TermMargin => LaunchFenceDecision.Margin(fenceOptions.Value.TermMargin, leadership.LeaseDuration);

    /// <summary>How long a stored instance its provider does not know yet is left alone (zero when the lead never expires).</summary>
    internal TimeSpan GraceWindow => LaunchFenceDecision.GraceWindow(leadership.LeaseDuration, fenceOptions.Value.LaunchCallBound);

    private ProviderCallVerdict CheckProviderCall(long? epoch)
        => epoch is { } e ? LaunchFenceDecision.Check(e, leadership.CurrentTerm, time.GetUtcNow(), TermMargin) : ProviderCallVerdict.Proceed;

    /// <summary>Whether this flow's term may call the provider about <paramref name="instanceId"/> now; logs why not.</summary>
    private bool MayCallProvider(string instanceId, string call)
    {
        var epoch = LeaderFencing.CurrentEpoch;
        var verdict = CheckProviderCall(epoch);
        if (verdict == ProviderCallVerdict.Proceed)
        {
            return true;
        }
        Log.ProviderCallFenced(logger, call, instanceId, epoch ?? 0, verdict);
        return false;
    }

    /// <summary>
    /// A launch stored in a term that ended (or nearly ended) before its provider call: the call is not made. While the term
    /// still holds, the row is marked terminated with a "launch-fenced" event; once the term is over the database refuses
    /// those writes too, and the row is the next leader's, which leaves it alone for the grace window (in case this call
    /// had been made) and then marks it terminated as an instance its provider never knew.
    /// </summary>
    private async Task GiveUpFencedLaunchAsync(string stack, string instanceId, ProviderCallVerdict verdict, long epoch)
    {
        Log.LaunchFenced(logger, instanceId, epoch, verdict);
        var why = verdict == ProviderCallVerdict.TermEnded
            ? $"leader term {epoch} ended between storing the launch and calling the provider; not launched"
            : $"leader term {epoch} had less than {TermMargin.TotalSeconds:0.###}s left when the provider was to be called; not launched";
        try
        {
            // One write: a row marked terminated always says why.
            var now = time.GetUtcNow();
            await fleet.MarkInstanceTerminatedAsync(instanceId, now, new ScalingEvent(stack, now, "launch-fenced", why, instanceId), CancellationToken.None);
        }
        catch (FencedWriteRefusedException ex)
        {
            Log.FencedLaunchLeftToNextLeader(logger, instanceId, epoch, ex.Verdict.Holder, ex.Verdict.HolderEpoch);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.FleetManagerLaunchFenced, Level = LogLevel.Warning,
            Message = "Launch of instance {InstanceId} fenced: leader term {Epoch} {Verdict}; the provider is not called")]
        public static partial void LaunchFenced(ILogger logger, string instanceId, long epoch, ProviderCallVerdict verdict);

        [LoggerMessage(EventId = CoordinatorEventIds.FleetManagerFencedLaunchLeft, Level = LogLevel.Information,
            Message = "Fenced launch of instance {InstanceId} (term {Epoch}) left to the leader {Holder} (term {HolderEpoch}): its grace window, then it is marked terminated")]
        public static partial void FencedLaunchLeftToNextLeader(ILogger logger, string instanceId, long epoch, string holder, long holderEpoch);

        [LoggerMessage(EventId = CoordinatorEventIds.FleetManagerProviderCallFenced, Level = LogLevel.Warning,
            Message = "Provider call {Call} for instance {InstanceId} fenced: leader term {Epoch} {Verdict}; the next term decides again")]
        public static partial void ProviderCallFenced(ILogger logger, string call, string instanceId, long epoch, ProviderCallVerdict verdict);

        [LoggerMessage(EventId = CoordinatorEventIds.FleetManagerOrphanTerminated, Level = LogLevel.Warning,
            Message = "Instance {InstanceId} runs at its provider but is terminated in the store (a launch that landed late): terminating it")]
        public static partial void OrphanTerminated(ILogger logger, string instanceId);
    }
}
