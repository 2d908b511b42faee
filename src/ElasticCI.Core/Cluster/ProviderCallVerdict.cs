namespace ElasticCI.Cluster;

/// <summary>Whether a leader may start a provider call now (<see cref="LaunchFenceDecision.Check"/>).</summary>
internal enum ProviderCallVerdict
{
    /// <summary>The term that decided the call is current, with at least the margin left: call the provider.</summary>
    Proceed,

    /// <summary>The term that decided the call is over (lost, expired by the clock, or replaced by a newer term): do not call.</summary>
    TermEnded,

    /// <summary>The term is current but ends within the margin: the call could outlast it, so do not call.</summary>
    TooLittleTimeLeft,
}
