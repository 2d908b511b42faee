namespace ElasticCI.Storage;

/// <summary>
/// "Jobs, agents or instances changed." Raised by the write path itself (the store, after a write commits), never by
/// the callers of the store; observed by the agents' long-polls, the scaler loops and event streams. The in-process
/// implementation is <see cref="InProcessClusterSignal"/>; a store shared by several coordinators raises it on every
/// one of them (PostgreSQL <c>LISTEN/NOTIFY</c>), so no replica waits for its periodic re-check.
/// </summary>
internal interface IClusterSignal
{
    /// <summary>Completes at the next change. Take it before looking at the store, then await it: no change between the two is missed.</summary>
    Task Changed { get; }

    /// <summary>Wakes every observer waiting on <see cref="Changed"/>.</summary>
    void Raise();
}
