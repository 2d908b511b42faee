namespace ElasticCI.Compute;

/// <summary>Where an instance is in its life, as its provider sees it.</summary>
internal enum ComputeInstanceState
{
    /// <summary>Accepted by the provider, not yet running (booting, bootstrap script).</summary>
    Pending,

    /// <summary>Running: its agents may be registered.</summary>
    Running,

    /// <summary>Asked to stop, not gone yet.</summary>
    Stopping,

    /// <summary>Gone for good; <see cref="ComputeInstanceStatus.ExitCode"/> and <see cref="ComputeInstanceStatus.BootstrapFailure"/> say how it ended.</summary>
    Gone,
}
