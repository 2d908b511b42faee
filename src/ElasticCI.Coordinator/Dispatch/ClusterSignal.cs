namespace ElasticCI.Coordinator.Dispatch;

/// <summary>
/// An in-process pulse: "jobs or agents changed". Waiting agents' long-polls and the scaler loops wake on it,
/// so a scheduled job reaches an idle agent (and the scaler) at once instead of at the next poll.
/// Take <see cref="Changed"/> before looking at the store, then await it: no pulse between the two is missed.
/// </summary>
internal sealed class ClusterSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Changed => Volatile.Read(ref _next).Task;

    public void Pulse()
    {
        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = Interlocked.Exchange(ref _next, fresh);
        previous.TrySetResult();
    }
}
