using ElasticCI.Cluster;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Hosting;

/// <summary>
/// Runs the coordinator's once-only duties only while this replica leads: a duty starts when a term begins, its token is
/// canceled the moment the term ends (lost lease, newer epoch elsewhere, or the lease running out by the clock), and it
/// starts again in the next term. Each duty also asks <see cref="IsLeading"/> right before it acts, so a replica that
/// was paused past its lease refuses to act even before its lease loop has noticed.
/// </summary>
internal sealed partial class LeaderGate(ILeadership leadership, TimeProvider time, ILogger<LeaderGate> logger)
{
    /// <summary>Whether this replica leads now (its lease checked against the clock on this call).</summary>
    public bool IsLeading => leadership.CurrentTerm is not null;

    /// <summary>Runs <paramref name="duty"/> in every term this replica leads, until <paramref name="stoppingToken"/> stops it.</summary>
    public async Task RunWhileLeadingAsync(string name, Func<CancellationToken, Task> duty, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = leadership.Changed;
            if (leadership.CurrentTerm is not { } term)
            {
                await changed.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            Log.DutyStarted(logger, name, term.Epoch);
            using var termEnded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var watch = WatchTermAsync(term, termEnded);
            try
            {
                // With a leadership that fences writes, the duty's store writes carry this term's epoch and are refused once it is stale.
                await (leadership is IWriteFence fence ? LeaderFencing.RunAsync(fence, term.Epoch, termEnded, duty) : duty(termEnded.Token));
            }
            catch (OperationCanceledException) when (termEnded.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (!termEnded.IsCancellationRequested)
            {
                // A duty handles its own failures; one escaping here must not end the host (BackgroundService would).
                Log.DutyFailed(logger, name, term.Epoch, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            var ended = termEnded.IsCancellationRequested;
            await termEnded.CancelAsync();
            await watch;
            if (!ended && !stoppingToken.IsCancellationRequested)
            {
                // The duty finished on its own within the term: it has nothing more to do until the next term.
                while (leadership.CurrentTerm?.Epoch == term.Epoch && !stoppingToken.IsCancellationRequested)
                {
                    await leadership.Changed.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
            else if (!stoppingToken.IsCancellationRequested)
            {
                Log.DutyStopped(logger, name, term.Epoch);
            }
        }
    }

    /// <summary>Cancels <paramref name="termEnded"/> when this replica no longer leads in <paramref name="term"/>.</summary>
    private async Task WatchTermAsync(LeaderTerm term, CancellationTokenSource termEnded)
    {
        while (!termEnded.IsCancellationRequested)
        {
            var changed = leadership.Changed;
            if (leadership.CurrentTerm?.Epoch != term.Epoch)
            {
                await termEnded.CancelAsync();
                return;
            }
            await changed.WaitAsync(termEnded.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.LeaderGateDutyStarted, Level = LogLevel.Debug, Message = "Once-only duty {Duty} starts in leader term {Epoch}")]
        public static partial void DutyStarted(ILogger logger, string duty, long epoch);

        [LoggerMessage(EventId = CoordinatorEventIds.LeaderGateDutyStopped, Level = LogLevel.Information, Message = "Once-only duty {Duty} stopped: leader term {Epoch} ended")]
        public static partial void DutyStopped(ILogger logger, string duty, long epoch);

        [LoggerMessage(EventId = CoordinatorEventIds.LeaderGateDutyFailed, Level = LogLevel.Error, Message = "Once-only duty {Duty} failed in leader term {Epoch}")]
        public static partial void DutyFailed(ILogger logger, string duty, long epoch, Exception exception);
    }
}
