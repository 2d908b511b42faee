using ElasticCI.Testing;

namespace ElasticCI.EndToEnd.Cluster;

/// <summary>
/// One test's cluster: a fresh database on the shared PostgreSQL, a temp directory, the replicas and agents started in
/// it; disposing stops them all (SIGTERM, then kill) and deletes the directory.
/// </summary>
internal sealed class ClusterRun : IAsyncDisposable
{
    private readonly List<ClusterReplica> _replicas = [];
    private readonly List<ClusterAgent> _agents = [];

    private ClusterRun(string database, string store, string root)
    {
        Database = database;
        Store = store;
        Root = root;
    }

    /// <summary>This test's database on the shared PostgreSQL server.</summary>
    public string Database { get; }

    public string Store { get; }

    public string Root { get; }

    public IReadOnlyList<ClusterReplica> Replicas => _replicas;

    public IReadOnlyList<ClusterAgent> Agents => _agents;

    public static async Task<ClusterRun> CreateAsync(PostgresServerFixture postgres)
    {
        var database = await postgres.CreateDatabaseAsync();
        return new ClusterRun(database, postgres.Url(database), Directory.CreateTempSubdirectory("elastic-ci-e2e-cluster-").FullName);
    }

    /// <summary>Starts replicas with these ids, all at once, and waits until each listens.</summary>
    public async Task<ClusterReplica[]> StartReplicasAsync(params string[] ids)
    {
        // All launched before any is awaited, so they race (for the migration lock, the tokens, the lease) as a fleet would.
        var starting = ids.Select(id => ClusterReplica.StartAsync(Root, id, Store)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            _replicas.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }
        return [.. starting.Select(t => t.Result)];
    }

    /// <summary>The agent registration token, as the first replica wrote it to its data directory.</summary>
    public string AgentToken => File.ReadAllText(Path.Combine(_replicas[0].DataDirectory, "agent-token")).Trim();

    /// <summary>Starts an agent on <paramref name="queue"/> that knows only <paramref name="servers"/>, first one first.</summary>
    public ClusterAgent StartAgent(string name, string queue, params ClusterReplica[] servers)
    {
        var agent = ClusterAgent.Start(Root, name, AgentToken, servers.Select(s => s.Url).ToList(), queue);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>Everything the agents and replicas printed, for failure messages.</summary>
    public string Diagnostics()
        => string.Join("\n", _replicas.Select(r => $"--- replica {r.Id}:\n{r.Output}"))
            + string.Join("\n", _agents.Select((a, i) => $"--- agent {i}:\n{a.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        Directory.Delete(Root, recursive: true);
    }
}
