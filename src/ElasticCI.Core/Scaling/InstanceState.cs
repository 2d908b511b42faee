namespace ElasticCI.Scaling;

/// <summary>Lifecycle of an instance.</summary>
internal enum InstanceState
{
    /// <summary>Launched, agents not registered yet.</summary>
    Pending,
    /// <summary>At least one agent registered.</summary>
    Running,
    /// <summary>Chosen for scale-in: agents take no new work and exit.</summary>
    Draining,
    /// <summary>The provider was asked to stop it.</summary>
    Terminating,
    /// <summary>Gone.</summary>
    Terminated,
}
