using ElasticCI.Compute;
using ElasticCI.Scaling;

namespace ElasticCI.Coordinator.Tests.Compute;

/// <summary>
/// A provider of pretend machines in a <see cref="FakeCloud"/>: launching records one as running, terminating makes it
/// gone (exit code 0), and disposing the provider leaves them all as they are, so they survive a coordinator restart.
/// </summary>
internal sealed class FakeComputeProvider(FakeCloud cloud) : IComputeProvider
{
    public const string ProviderName = "fake";

    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => ProviderName;

    public ComputeCapabilities Capabilities { get; } = new(SurvivesCoordinatorRestart: true, ReportsExitCodes: true, ProvidesSpotLifecycle: true);

    public Task Changed => Volatile.Read(ref _changed).Task;

    public Task<ComputeInstanceStatus> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var status = new ComputeInstanceStatus(request.InstanceId, request.Stack.Name, ComputeInstanceState.Running, Lifecycle: InstanceLifecycles.OnDemand);
        cloud.Instances[request.InstanceId] = status;
        cloud.CountLaunch();
        NotifyChanged();
        return Task.FromResult(status);
    }

    public Task TerminateAsync(string instanceId, bool graceful, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (cloud.Instances.TryGetValue(instanceId, out var status) && !status.IsGone)
        {
            cloud.Instances[instanceId] = status with { State = ComputeInstanceState.Gone, ExitCode = 0 };
            NotifyChanged();
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ComputeInstanceStatus>> ListAsync(string stack, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<ComputeInstanceStatus>>([.. cloud.Instances.Values.Where(i => i.Stack == stack)]);

    public Task<ComputeInstanceStatus?> DescribeAsync(string instanceId, CancellationToken cancellationToken)
        => Task.FromResult(cloud.Instances.TryGetValue(instanceId, out var status) ? status : null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void NotifyChanged() => Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
