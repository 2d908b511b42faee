using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Storage.Sqlite;

public sealed partial class SqliteStoreTests
{
    private const string TestThenDeploy = """
        steps:
          - label: test
            command: make test
          - label: lint
            command: make lint
          - wait
          - label: deploy
            command: make deploy
        """;

    [Fact]
    public async Task OpenAsync_NewFile_AppliesEveryMigration()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 20, 30, 40, 50, 60, 61, 90, 100], await Store.AppliedMigrationsAsync(Ct));
    }

    [Fact]
    public async Task OpenAsync_SameFileAfterRestart_MigrationsAppliedOnceAndDataKept()
    {
        var build = await CreateBuildAsync(TestThenDeploy);
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");

        await ReopenAsync();

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 20, 30, 40, 50, 60, 61, 90, 100], await Store.AppliedMigrationsAsync(Ct));
        var reloaded = await GetBuildAsync(build.Id);
        Assert.Equal((1, BuildState.Running.ToName()), (reloaded.Number, reloaded.State));
        Assert.Equal([JobState.Running, JobState.Scheduled, JobState.Pending], reloaded.Jobs.Select(j => j.State));
        Assert.Equal(("a1", "agent-a1"), (reloaded.Jobs[0].AgentId, reloaded.Jobs[0].AgentName));
        Assert.Equal(job.Id, (await GetAgentAsync("a1")).JobId);
        Assert.Equal(2, (await CreateBuildAsync(TestThenDeploy)).Number);
    }
}
