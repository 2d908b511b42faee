namespace ElasticCI.Compute;

/// <summary>
/// Creates and destroys the machines agents run on, and describes them: the coordinator observes instances through
/// <see cref="ListAsync"/>/<see cref="DescribeAsync"/> and reconciles its store with what they say; it never awaits one.
/// Singleton, safe for concurrent use.
/// </summary>
internal interface IComputeProvider : IAsyncDisposable
{
    /// <summary>Stable name used in stack configuration (<c>Provider</c>).</summary>
    string Name { get; }

    /// <summary>What this provider can do; read once at start-up.</summary>
    ComputeCapabilities Capabilities { get; }

    /// <summary>
    /// Completes at the next change of any instance's state: a hint to reconcile now rather than at the next interval.
    /// A provider that cannot tell returns a task that never completes.
    /// </summary>
    Task Changed { get; }

    /// <summary>Starts an instance whose agents register with the coordinator; completes once it is launched, not once it is ready.</summary>
    Task<ComputeInstanceStatus> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Stops an instance. <paramref name="graceful"/>: agents finish their jobs first; otherwise jobs are canceled.
    /// Anything still alive after <paramref name="grace"/> is killed. Completes normally if the instance is already gone.
    /// </summary>
    Task TerminateAsync(string instanceId, bool graceful, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>The instances of <paramref name="stack"/> this provider knows, gone ones included while it remembers them.</summary>
    Task<IReadOnlyList<ComputeInstanceStatus>> ListAsync(string stack, CancellationToken cancellationToken);

    /// <summary>One instance; null when the provider does not know it (never launched here, or forgotten: gone for good).</summary>
    Task<ComputeInstanceStatus?> DescribeAsync(string instanceId, CancellationToken cancellationToken);
}
