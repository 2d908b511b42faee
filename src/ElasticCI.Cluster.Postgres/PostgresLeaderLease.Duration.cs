namespace ElasticCI.Cluster.Postgres;

/// <summary>The lease's length, for the fencing of provider calls (<see cref="LaunchFenceDecision"/>).</summary>
internal sealed partial class PostgresLeaderLease
{
    public TimeSpan? LeaseDuration => options.LeaseDuration;
}
