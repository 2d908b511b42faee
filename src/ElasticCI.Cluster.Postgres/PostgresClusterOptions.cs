namespace ElasticCI.Cluster.Postgres;

/// <summary>Settings of the PostgreSQL leader lease and cluster signal; validated by <see cref="PostgresClusterOptionsValidator"/> at registration.</summary>
internal sealed class PostgresClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>An Npgsql connection string to the database every replica shares (never logged).</summary>
    /// <remarks>Default: none; required.</remarks>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long a lease lasts without renewal: a dead leader's duties move to another replica within this time.</summary>
    /// <remarks>Default: 8 seconds (failover within 10 seconds).</remarks>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How often the leader renews its lease, and how often a follower tries to take an expired one (at the latest).</summary>
    /// <remarks>Default: 2 seconds; at most a third of <see cref="LeaseDuration"/>, so two renewals may fail before the lease runs out.</remarks>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The <c>LISTEN/NOTIFY</c> channel the replicas' cluster signals share.</summary>
    /// <remarks>Default: <c>elastic_ci_changed</c>.</remarks>
    public string Channel { get; set; } = "elastic_ci_changed";

    /// <summary>The lease's name (its row in <c>leader_lease</c>): replicas with the same name elect one leader.</summary>
    /// <remarks>Default: <c>coordinator</c>.</remarks>
    public string LeaseName { get; set; } = "coordinator";
}
