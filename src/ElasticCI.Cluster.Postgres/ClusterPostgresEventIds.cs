namespace ElasticCI.Cluster.Postgres;

/// <summary>
/// Every log EventId of the PostgreSQL cluster backend (leader lease, signal relay), in one place so none is reused:
/// this assembly owns 5000–5999 (coordinator 1000s, agent 2000s, local compute 3000s, PostgreSQL store 4000s).
/// <c>EventIdRegistryTests</c> checks by reflection that every <c>[LoggerMessage]</c> uses an id from here.
/// </summary>
internal static class ClusterPostgresEventIds
{
    public const int First = 5000;

    public const int Last = 5999;

    public const int LeaseGained = 5001;
    public const int LeaseLost = 5002;
    public const int LeaseExpired = 5003;
    public const int LeaseAttemptFailed = 5004;
    public const int LeaseReleaseFailed = 5005;
    public const int FencedWriteRefused = 5006;

    public const int SignalListening = 5011;
    public const int SignalListenFailed = 5012;
    public const int SignalNotifyFailed = 5013;
}
