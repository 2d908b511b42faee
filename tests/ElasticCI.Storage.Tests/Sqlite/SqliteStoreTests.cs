using ElasticCI.Builds;
using ElasticCI.Pipelines;

namespace ElasticCI.Storage.Sqlite;

/// <summary>
/// <see cref="SqliteStore"/> against a real SQLite file in a fresh temp directory per test (deleted afterwards),
/// with builds planned from real pipeline YAML and a clock advanced by hand.
/// </summary>
public sealed partial class SqliteStoreTests : IAsyncLifetime
{
    private const string Stack = "linux-small";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "elasticci-storage-tests", Guid.NewGuid().ToString("N"));
    private DateTimeOffset _now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private SqliteStore? _store;

    private static CancellationToken Ct => CancellationToken.None;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "x.db")};Pooling=false";

    private SqliteStore Store => _store ?? throw new InvalidOperationException("Store is not open.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _store = await SqliteStore.OpenAsync(ConnectionString, Ct);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
            _store = null;
        }
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Closes the store and opens the same file again, as a coordinator restart would.</summary>
    private async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        _store = null;
        _store = await SqliteStore.OpenAsync(ConnectionString, Ct);
    }

    private void Advance(TimeSpan by) => _now += by;

    private async Task<BuildRecord> CreateBuildAsync(string yaml, string pipeline = "app")
    {
        var parsed = PipelineParser.Parse(yaml, "pipeline.yml");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        var plan = BuildPlanner.Plan(parsed.Pipeline!, "pipeline.yml");
        Assert.True(plan.Succeeded, string.Join("\n", plan.Errors));
        var build = new NewBuild(pipeline, "main", "0123456789abcdef", "Test build", new Dictionary<string, string>(), yaml, plan.Jobs);
        return await Store.CreateBuildAsync(build, _now, Ct);
    }

    private Task<AgentRecord> RegisterAsync(string id, string queue = "default", string? instanceId = null, params (string Key, string Value)[] tags)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["queue"] = queue };
        foreach (var (key, value) in tags)
        {
            all[key] = value;
        }
        return Store.RegisterAsync(new NewAgent(id, $"agent-{id}", $"hash-{id}", all, instanceId, "host", 4242), _now, Ct);
    }

    /// <summary>Claims the next job for the agent and starts it; fails the test when there is none.</summary>
    private async Task<JobRecord> ClaimAndStartAsync(string agentId)
    {
        var claim = await Store.TryClaimAsync(agentId, _now, Ct);
        Assert.NotNull(claim);
        Assert.Equal(StartOutcome.Started, await Store.StartAsync(claim.Job.Id, agentId, _now, Ct));
        return claim.Job;
    }

    private async Task<BuildRecord> GetBuildAsync(string buildId) => (await Store.GetBuildAsync(buildId, Ct))!;

    private async Task<JobRecord> GetJobAsync(string jobId) => (await Store.GetJobAsync(jobId, Ct))!;

    private async Task<AgentRecord> GetAgentAsync(string agentId) => (await Store.GetAgentAsync(agentId, Ct))!;
}
