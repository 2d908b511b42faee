using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Dispatch;

/// <summary>
/// One look per change for every agent waiting in this process: which queues have a scheduled job at all. A change (a
/// build created, a job finished, an agent registered) wakes every waiting long-poll; without this each of them
/// would run a claim, and on a shared database each claim is a transaction with its round trips. After a wake-up the
/// waiters share one read, and only those whose queue has a scheduled job claim; the others wait again.
/// </summary>
/// <remarks>
/// Missing nothing rests on the key: a waiter passes the change task it took (<see cref="IClusterSignal.Changed"/>) before
/// asking, and a read is shared only by waiters holding the same task. The first of them took that task before the read
/// started; every other holder got the same task, so no change was raised between the read's start and its taking it. A
/// job scheduled after the read started raises the signal once it commits, which completes that task and wakes them all
/// again. A failed read says "maybe": the waiter claims, as it would without the probe.
/// </remarks>
internal sealed class ScheduledQueuesProbe(IJobStore jobs)
{
    private readonly Lock _gate = new();
    private Task? _change;
    private Task<IReadOnlySet<string>>? _read;

    /// <summary>
    /// False when <paramref name="queue"/> had no scheduled job after the change <paramref name="change"/> (taken by the
    /// caller before it asks, and awaited next if the answer is false); true when it had one, or the read failed.
    /// </summary>
    public async Task<bool> MayHaveWorkAsync(Task change, string queue, CancellationToken cancellationToken)
    {
        Task<IReadOnlySet<string>> read;
        lock (_gate)
        {
            if (_read is null || !ReferenceEquals(_change, change) || _read.IsFaulted || _read.IsCanceled)
            {
                _change = change;
                // Shared by every waiter of this change: one waiter's cancellation must not end the others' read.
                _read = jobs.GetQueuesWithScheduledJobsAsync(CancellationToken.None);
            }
            read = _read;
        }
        try
        {
            return (await read.WaitAsync(cancellationToken)).Contains(queue);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return true;
        }
    }
}
