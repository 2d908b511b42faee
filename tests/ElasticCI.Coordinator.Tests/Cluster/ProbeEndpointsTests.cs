using System.Net;
using System.Text.Json;
using ElasticCI.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>/healthz and /readyz (unauthenticated, for load balancers), GET /api/v1/cluster and the leader in <c>stack status</c>, on a real coordinator with SQLite.</summary>
public sealed class ProbeEndpointsTests : IAsyncLifetime
{
    private CoordinatorFixture _coordinator = null!;

    public async Task InitializeAsync() => _coordinator = await CoordinatorFixture.StartAsync(o => o.ReplicaId = "replica-test-1");

    public async Task DisposeAsync() => await _coordinator.DisposeAsync();

    [Fact]
    public async Task Healthz_WithoutToken_Returns200()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_coordinator.Url) };

        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_StoreFileGoneAndBack_Returns503ProblemThen200()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_coordinator.Url) };
        var database = Path.Combine(_coordinator.DataDirectory, CoordinatorHost.DatabaseFile);
        using (var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        File.Move(database, database + ".away");
        try
        {
            using var notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Equal("application/problem+json", notReady.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await notReady.Content.ReadAsStringAsync());
            var error = Assert.Single(problem.RootElement.GetProperty("errors").EnumerateArray()).GetString();
            Assert.StartsWith("store: SQLite store unreachable", error, StringComparison.Ordinal);
            // Liveness is not readiness: the process still serves.
            using var alive = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
        finally
        {
            File.Move(database + ".away", database);
        }
        using var readyAgain = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
    }

    [Fact]
    public async Task Readyz_MigrationMissing_Returns503NamingTheMigrations()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_coordinator.Url) };
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_coordinator.DataDirectory, CoordinatorHost.DatabaseFile)};Pooling=False"))
        {
            await db.OpenAsync();
            await using var delete = db.CreateCommand();
            delete.CommandText = "DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)";
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        using var notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("migrations pending", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_SingleCoordinator_IsItsOwnLeader()
    {
        var cluster = await _coordinator.Client.GetClusterAsync(CancellationToken.None);

        Assert.Equal(new Protocol.Cluster.ClusterDto("replica-test-1", "replica-test-1", 1, true), cluster);
        Assert.Equal("replica-test-1", _coordinator.Services.GetRequiredService<ILeadership>().ReplicaId);
    }

    [Fact]
    public async Task Cluster_WithoutToken_Returns401()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_coordinator.Url) };

        using var response = await http.GetAsync(new Uri("/api/v1/cluster", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task StackStatus_TextAndJson_ShowTheLeader()
    {
        var (exit, text, error) = await _coordinator.RunCliAsync("stack", "status");
        Assert.True(exit == 0, error);
        Assert.Contains("Coordinator leader: replica-test-1 (epoch 1); answered by replica replica-test-1", text, StringComparison.Ordinal);

        (exit, var json, error) = await _coordinator.RunCliAsync("stack", "status", "--output", "json");
        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(json);
        var cluster = document.RootElement.GetProperty("cluster");
        Assert.Equal("replica-test-1", cluster.GetProperty("leader").GetString());
        Assert.Equal(1, cluster.GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task Server_BadReplicaId_ExitsWithUsageAndNamesTheOption()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var dataDir = Directory.CreateTempSubdirectory("elastic-ci-replica-").FullName;
        try
        {
            var exit = await Cli.CliApp.RunAsync(["server", "--data-dir", dataDir, "--listen", "127.0.0.1:0", "--replica-id", "bad id!"], output, error);

            Assert.Equal(2, exit);
            Assert.Contains("ReplicaId must be", error.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dataDir, CoordinatorHost.DatabaseFile)));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
