namespace ElasticCI.Agent.Jobs;

/// <summary>A one-shot cancel request for one job; the first reason wins. Thread-safe.</summary>
internal sealed class JobCancellation
{
    private readonly TaskCompletionSource<string> _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the reason once a cancel has been requested.</summary>
    public Task<string> Requested => _requested.Task;

    public bool IsRequested => _requested.Task.IsCompleted;

    public string? Reason => _requested.Task.IsCompleted ? _requested.Task.Result : null;

    /// <summary>Asks for the job to stop; false when it was asked already.</summary>
    public bool RequestCancel(string reason) => _requested.TrySetResult(reason);
}
