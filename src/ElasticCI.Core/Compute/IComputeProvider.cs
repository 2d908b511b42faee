namespace ElasticCI.Compute;

/// <summary>Creates and destroys the machines agents run on. Singleton, safe for concurrent use.</summary>
internal interface IComputeProvider : IAsyncDisposable
{
    /// <summary>Stable name used in stack configuration (<c>Provider</c>).</summary>
    string Name { get; }

    /// <summary>Starts an instance whose agents register with the coordinator; completes once it is launched, not once it is ready.</summary>
    Task<IComputeInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Stops an instance. <paramref name="graceful"/>: agents finish their jobs first; otherwise jobs are canceled.
    /// Anything still alive after <paramref name="grace"/> is killed. Completes normally if the instance is already gone.
    /// </summary>
    Task TerminateAsync(string instanceId, bool graceful, TimeSpan grace, CancellationToken cancellationToken);
}
