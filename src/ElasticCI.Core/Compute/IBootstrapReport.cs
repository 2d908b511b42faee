namespace ElasticCI.Compute;

/// <summary>An instance that can say, once it has exited, whether its bootstrap script failed.</summary>
internal interface IBootstrapReport
{
    /// <summary>Null when the bootstrap passed or never ran; otherwise the exit code (or timeout) and the tail of its output.</summary>
    string? BootstrapFailure { get; }
}
