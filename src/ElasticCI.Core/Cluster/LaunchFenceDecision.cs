namespace ElasticCI.Cluster;

/// <summary>
/// Fencing of provider calls across a leader change. A store write carries its term's epoch and the database
/// refuses a stale one, but a cloud API call cannot be fenced that way: a leader that stored a launch and then paused
/// past its lease would still start a machine after a new leader took over. So a leader starts a provider call only
/// while the term that decided it is current and has at least a margin left, and a new leader leaves a freshly stored
/// instance that its provider does not know yet alone for a grace window, long enough for an old leader's call that did
/// start in time to finish.
/// </summary>
internal static class LaunchFenceDecision
{
    /// <summary>
    /// Whether the term <paramref name="epoch"/> may start a provider call at <paramref name="now"/>, given this replica's
    /// <paramref name="current"/> term (null: it does not lead) and the least time the term must still have.
    /// </summary>
    public static ProviderCallVerdict Check(long epoch, LeaderTerm? current, DateTimeOffset now, TimeSpan margin)
    {
        if (current is null || current.Epoch != epoch)
        {
            return ProviderCallVerdict.TermEnded;
        }
        // A lead without expiry (one coordinator alone) has DateTimeOffset.MaxValue: always enough left.
        return current.ValidUntil - now >= margin ? ProviderCallVerdict.Proceed : ProviderCallVerdict.TooLittleTimeLeft;
    }

    /// <summary>
    /// The least time a term must have left to start a provider call: <paramref name="configured"/>, or a quarter of the
    /// lease; zero for a lead that never expires (<paramref name="lease"/> null).
    /// </summary>
    public static TimeSpan Margin(TimeSpan? configured, TimeSpan? lease)
        => lease is not { } l ? TimeSpan.Zero : configured ?? l / 4;

    /// <summary>
    /// How long after it was stored an instance its provider does not know yet is taken for one still being launched, by
    /// a leader of an earlier term: the lease (that leader may have acted until its lease ran out) plus the bound of the
    /// launch call it started just in time. Zero for a lead that never expires: there is no other leader, and this
    /// coordinator knows its own launches in flight.
    /// </summary>
    public static TimeSpan GraceWindow(TimeSpan? lease, TimeSpan launchCallBound)
        => lease is { } l ? l + launchCallBound : TimeSpan.Zero;

    /// <summary>
    /// Whether an instance stored at <paramref name="storedAt"/> that its provider does not know (<paramref name="knownToProvider"/>
    /// false) is left alone at <paramref name="now"/>: within <paramref name="grace"/> its launch may still be in flight.
    /// An instance the provider knows is never left alone by this rule (its provider's state decides).
    /// </summary>
    public static bool LeaveAlone(DateTimeOffset storedAt, DateTimeOffset now, bool knownToProvider, TimeSpan grace)
        => !knownToProvider && now - storedAt < grace;
}
