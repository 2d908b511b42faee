using System.Collections.Concurrent;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Observability;

/// <summary>
/// The one place the dashboard, its event streams and the fleet sampler learn that something changed. Fleet changes come
/// from the store's cluster signal (<see cref="IClusterSignal"/>, raised by every store write); log appends are pulsed per job by <see cref="ObservabilityMiddleware"/>. Take a task before reading, then await it:
/// no change between the two is missed.
/// </summary>
internal sealed class ChangeFeed(IClusterSignal cluster)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _logs = new(StringComparer.Ordinal);
    private TaskCompletionSource _any = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when jobs, agents or instances change.</summary>
    public Task Fleet => Task.WhenAny(cluster.Changed, Volatile.Read(ref _any).Task);

    /// <summary>Completes when the job's log grows (or anything in the fleet changes, which may end the job).</summary>
    public Task Log(string jobId)
        => Task.WhenAny(_logs.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task, Fleet);

    public void LogAppended(string jobId)
    {
        if (_logs.TryRemove(jobId, out var waiting))
        {
            waiting.TrySetResult();
        }
    }

    /// <summary>A change the cluster signal does not carry (a build canceled or created through the API).</summary>
    public void Changed()
    {
        var previous = Interlocked.Exchange(ref _any, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
