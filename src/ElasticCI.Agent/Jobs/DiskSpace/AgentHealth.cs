namespace ElasticCI.Agent.Jobs.DiskSpace;

/// <summary>Shared by the workers of one agent process: once unhealthy, every worker stops taking work and the process exits non-zero.</summary>
internal sealed class AgentHealth : IDisposable
{
    private readonly CancellationTokenSource _unhealthy = new();

    /// <summary>Canceled when the agent became unhealthy.</summary>
    public CancellationToken Token => _unhealthy.Token;

    public string? Reason { get; private set; }

    public void MarkUnhealthy(string reason)
    {
        lock (_unhealthy)
        {
            Reason ??= reason;
        }
        _unhealthy.Cancel();
    }

    public void Dispose() => _unhealthy.Dispose();
}
