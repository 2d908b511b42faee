namespace ElasticCI.Storage;

/// <summary>Result of delivering a spot interruption notice.</summary>
internal enum InterruptOutcome
{
    Interrupted,
    NotFound,
    /// <summary>On-demand instances are never interrupted.</summary>
    OnDemand,
    /// <summary>Already terminated, or already under a notice.</summary>
    NotLive,
}
