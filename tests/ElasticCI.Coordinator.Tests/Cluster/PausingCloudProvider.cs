using ElasticCI.Compute;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// An <see cref="AgentCloudProvider"/> whose next launch call can be held inside the provider (a slow cloud API): the call
/// has started, the machine does not exist yet, and it comes into being when the test resumes the call, whatever became
/// of the leader that made it meanwhile (a real cloud's call under way completes, its caller's cancellation aside).
/// </summary>
internal sealed class PausingCloudProvider(AgentCloudProvider inner) : IComputeProvider
{
    private readonly TaskCompletionSource<string> _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pauseNext;

    public string Name => inner.Name;

    public ComputeCapabilities Capabilities => inner.Capabilities;

    public Task Changed => inner.Changed;

    /// <summary>Machines this provider launched (a held call counts once it has been resumed).</summary>
    public int Launches => inner.Launches;

    /// <summary>Completes with the instance id once the held call has entered the provider.</summary>
    public Task<string> Entered => _entered.Task;

    /// <summary>Holds the next launch call inside the provider until <see cref="Resume"/>.</summary>
    public void PauseNextLaunch() => Volatile.Write(ref _pauseNext, 1);

    /// <summary>Lets the held call (and any later one) go on.</summary>
    public void Resume() => _resume.TrySetResult();

    public async Task<ComputeInstanceStatus> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _pauseNext, 0) == 1)
        {
            _entered.TrySetResult(request.InstanceId);
            await _resume.Task;
        }
        return await inner.LaunchAsync(request, CancellationToken.None);
    }

    public Task TerminateAsync(string instanceId, bool graceful, TimeSpan grace, CancellationToken cancellationToken)
        => inner.TerminateAsync(instanceId, graceful, grace, cancellationToken);

    public Task<IReadOnlyList<ComputeInstanceStatus>> ListAsync(string stack, CancellationToken cancellationToken) => inner.ListAsync(stack, cancellationToken);

    public Task<ComputeInstanceStatus?> DescribeAsync(string instanceId, CancellationToken cancellationToken) => inner.DescribeAsync(instanceId, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
