using ElasticCI.Cluster;
using ElasticCI.Cluster.Postgres;
using ElasticCI.Compute;
using ElasticCI.Coordinator.Tests.Compute;
using ElasticCI.Stacks;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// Two real coordinator hosts in-process sharing one PostgreSQL database through the leader lease (each with its own
/// SQLite store and fake cloud): only the leader's once-only work runs, and the other takes over when the leader stops.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class ReplicasTests(PostgresServerFixture server) : IAsyncLifetime
{
    private readonly List<(WebApplication App, FakeCloud Cloud, string Directory)> _replicas = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (app, _, directory) in _replicas)
        {
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Scaler_TwoReplicasOnOneDatabase_OnlyTheLeaderLaunchesAndTheOtherTakesOver()
    {
        var connectionString = server.ConnectionString(await server.CreateDatabaseAsync());
        var (a, cloudA) = await StartAsync(connectionString, "replica-a");
        var leaseA = (PostgresLeaderLease)a.Services.GetRequiredService<ILeadership>();
        await ClusterParts.WaitUntilAsync(() => leaseA.CurrentTerm is not null, "replica A to lead");
        var (b, cloudB) = await StartAsync(connectionString, "replica-b");
        var leaseB = (PostgresLeaderLease)b.Services.GetRequiredService<ILeadership>();

        await ClusterParts.WaitUntilAsync(() => cloudA.Launches == 1, "the leader's scaler to launch the MinSize instance");
        // B has been up for several of its scaler intervals: as a follower its scaler never ran, so it decided and launched nothing.
        var fleetB = b.Services.GetRequiredService<IFleetStore>();
        var followedSince = System.Diagnostics.Stopwatch.StartNew();
        await ClusterParts.WaitUntilAsync(() => followedSince.Elapsed > TimeSpan.FromSeconds(3), "B to follow for a while");
        Assert.Null(leaseB.CurrentTerm);
        Assert.Equal(0, cloudB.Launches);
        Assert.Empty(await fleetB.ListScalingEventsAsync("cloud", 10, CancellationToken.None));
        var cluster = await ClientOf(b).GetClusterAsync(CancellationToken.None);
        Assert.Equal(new Protocol.Cluster.ClusterDto("replica-b", "replica-a", leaseA.CurrentTerm?.Epoch, false), cluster);

        // A stops (releasing its lease): B leads and its scaler launches for its own store; A launched nothing more.
        await a.StopAsync();
        await ClusterParts.WaitUntilAsync(() => leaseB.CurrentTerm is not null, "replica B to lead");
        await ClusterParts.WaitUntilAsync(() => cloudB.Launches == 1, "the new leader's scaler to launch");
        Assert.Equal(1, cloudA.Launches);
        var now = await ClientOf(b).GetClusterAsync(CancellationToken.None);
        Assert.Equal(("replica-b", true), (now.Leader, now.Leading));
        Assert.True(now.Epoch > cluster.Epoch);
    }

    internal static Client.CoordinatorClient ClientOf(WebApplication app)
    {
        var url = app.Services.GetRequiredService<CoordinatorAddress>().Url.Result;
        var tokens = app.Services.GetRequiredService<Security.TokenFiles>();
        return new Client.CoordinatorClient(new HttpClient { BaseAddress = new Uri(url + "/") }, tokens.ApiToken);
    }

    private async Task<(WebApplication App, FakeCloud Cloud)> StartAsync(string connectionString, string replica)
    {
        var directory = Directory.CreateTempSubdirectory("elastic-ci-replica-").FullName;
        var cloud = new FakeCloud();
        var options = new CoordinatorOptions
        {
            DataDirectory = directory,
            Listen = "127.0.0.1:0",
            AgentCommand = ["true"],
            ReplicaId = replica,
            Stacks = [StackDefinition.EmbeddedDefault with { Name = "cloud", Queue = "cloud", Provider = FakeComputeProvider.ProviderName, Scaling = new() { MinSize = 1, MaxSize = 1, AgentsPerInstance = 1 } }],
        };
        var app = await CoordinatorHost.BuildAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), services =>
        {
            services.AddPostgresCluster(o =>
            {
                o.ConnectionString = connectionString;
                o.LeaseDuration = TimeSpan.FromSeconds(2);
                o.RenewInterval = TimeSpan.FromMilliseconds(500);
            });
            services.AddSingleton<IComputeProvider>(new FakeComputeProvider(cloud));
            services.AddSingleton(new ComputeProviderRegistration(FakeComputeProvider.ProviderName));
        }, CancellationToken.None);
        _replicas.Add((app, cloud, directory));
        await app.StartAsync();
        return (app, cloud);
    }
}
