using ElasticCI.Compute;
using ElasticCI.Scaling;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// One replica's provider for the machines of an <see cref="AgentCloud"/>: launching records a running machine and boots
/// its agent; disposing the provider leaves the machines running, so they survive the coordinator (the cloud capability).
/// </summary>
internal sealed class AgentCloudProvider(AgentCloud cloud) : IComputeProvider
{
    public const string ProviderName = "agent-cloud";

    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _launches;

    public string Name => ProviderName;

    /// <summary>How many machines this replica's provider launched.</summary>
    public int Launches => Volatile.Read(ref _launches);

    public ComputeCapabilities Capabilities { get; } = new(SurvivesCoordinatorRestart: true, ReportsExitCodes: true, ProvidesSpotLifecycle: false);

    public Task Changed => Volatile.Read(ref _changed).Task;

    public Task<ComputeInstanceStatus> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var status = new ComputeInstanceStatus(request.InstanceId, request.Stack.Name, ComputeInstanceState.Running, Lifecycle: InstanceLifecycles.OnDemand);
        cloud.Cloud.Instances[request.InstanceId] = status;
        cloud.Cloud.CountLaunch();
        Interlocked.Increment(ref _launches);
        cloud.Boot(request.InstanceId, request.Stack.Queue, request.CoordinatorUrl, request.RegistrationToken);
        NotifyChanged();
        return Task.FromResult(status);
    }

    public Task TerminateAsync(string instanceId, bool graceful, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (cloud.Cloud.Instances.TryGetValue(instanceId, out var status) && !status.IsGone)
        {
            cloud.Cloud.Instances[instanceId] = status with { State = ComputeInstanceState.Gone, ExitCode = 0 };
            NotifyChanged();
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ComputeInstanceStatus>> ListAsync(string stack, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<ComputeInstanceStatus>>([.. cloud.Cloud.Instances.Values.Where(i => i.Stack == stack)]);

    public Task<ComputeInstanceStatus?> DescribeAsync(string instanceId, CancellationToken cancellationToken)
        => Task.FromResult(cloud.Cloud.Instances.TryGetValue(instanceId, out var status) ? status : null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void NotifyChanged() => Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
