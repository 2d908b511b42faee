using ElasticCI.Builds;
using ElasticCI.Coordinator.Dispatch;
using ElasticCI.Coordinator.Security;
using ElasticCI.Pipelines;
using ElasticCI.Storage;
using ElasticCI.Storage.Sqlite;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary><see cref="Dispatcher"/> over a real SQLite store file: one call is the whole hand-over of a job.</summary>
public sealed class DispatcherTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-dispatcher-").FullName;
    private SqliteStore _store = null!;
    private Dispatcher _dispatcher = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteStore.OpenAsync($"Data Source={Path.Combine(_directory, "x.db")};Pooling=false", CancellationToken.None);
        var address = new CoordinatorAddress();
        address.Set("http://127.0.0.1:1/");
        _dispatcher = new Dispatcher(_store, _store, _store, address, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TryAssignAsync_IdleAgentAndScheduledJob_AssignsWithItsOwnWorkingTokenAndEnvironment()
    {
        var build = await CreateBuildAsync("steps:\n  - label: one\n    command: \"true\"\n");
        await RegisterAsync("a1");

        var assignment = await _dispatcher.TryAssignAsync("a1", CancellationToken.None);

        Assert.NotNull(assignment);
        Assert.Equal((build.Jobs[0].Id, "one", "app"), (assignment.Id, assignment.Label, assignment.PipelineSlug));
        Assert.Equal("http://127.0.0.1:1", assignment.Env["BUILDKITE_AGENT_ENDPOINT"]);
        var token = assignment.Env["BUILDKITE_AGENT_ACCESS_TOKEN"];
        var holder = await _store.FindActiveJobByTokenHashAsync(AccessTokens.Hash(token), CancellationToken.None);
        Assert.Equal(assignment.Id, holder?.Id);
        Assert.Equal("assigned", (await _store.GetJobAsync(assignment.Id, CancellationToken.None))!.State.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task TryAssignAsync_AgentAlreadyHoldsAJob_Null()
    {
        await CreateBuildAsync("steps:\n  - command: a\n  - command: b\n");
        await RegisterAsync("a1");
        Assert.NotNull(await _dispatcher.TryAssignAsync("a1", CancellationToken.None));

        Assert.Null(await _dispatcher.TryAssignAsync("a1", CancellationToken.None));
    }

    [Fact]
    public async Task TryAssignAsync_NoJob_Null()
    {
        await RegisterAsync("a1");

        Assert.Null(await _dispatcher.TryAssignAsync("a1", CancellationToken.None));
    }

    private async Task<BuildRecord> CreateBuildAsync(string yaml)
    {
        var parsed = PipelineParser.Parse(yaml, "pipeline.yml");
        var plan = BuildPlanner.Plan(parsed.Pipeline!, "pipeline.yml");
        return await _store.CreateBuildAsync(
            new NewBuild("app", "main", "0123456789abcdef", "m", new Dictionary<string, string>(), yaml, plan.Jobs), TimeProvider.System.GetUtcNow(), CancellationToken.None);
    }

    private Task<AgentRecord> RegisterAsync(string id)
        => _store.RegisterAsync(new NewAgent(id, id, "hash-" + id, new Dictionary<string, string>(StringComparer.Ordinal) { ["queue"] = "default" }, null, "host", 1),
            TimeProvider.System.GetUtcNow(), CancellationToken.None);
}
