namespace ElasticCI.Storage;

/// <summary>The cluster signal of one process: a task that completes at the next <see cref="Raise"/> and is replaced by a fresh one.</summary>
internal sealed class InProcessClusterSignal : IClusterSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Changed => Volatile.Read(ref _next).Task;

    public void Raise()
    {
        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = Interlocked.Exchange(ref _next, fresh);
        previous.TrySetResult();
    }
}
