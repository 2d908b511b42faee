namespace ElasticCI.Compute;

/// <summary>A launched instance.</summary>
internal interface IComputeInstance
{
    string Id { get; }

    /// <summary>Completes with the exit code (or -1 when unknown) when the instance is gone, whatever the reason.</summary>
    Task<int> Exited { get; }
}
