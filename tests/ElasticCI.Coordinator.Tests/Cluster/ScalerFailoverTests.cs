using System.Diagnostics;
using ElasticCI.Cluster;
using ElasticCI.Cluster.Postgres;
using ElasticCI.Compute;
using ElasticCI.Protocol.Builds;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// Issue 11's "the scaler goes on after the leader is lost, with no duplicate launches": two coordinator hosts on one real
/// PostgreSQL store share a cloud whose machines (each with a real agent over HTTP) survive the coordinator. The leader
/// launches for the first build's jobs, then is lost without releasing its lease; the other replica takes over, adopts the
/// running machines and launches exactly the deficit of the jobs that came meanwhile.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class ScalerFailoverTests(PostgresServerFixture server, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private readonly AgentCloud _cloud = new();
    private readonly List<(WebApplication App, string Directory)> _replicas = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _cloud.ReleaseJobs();
        foreach (var (app, directory) in _replicas)
        {
            await app.DisposeAsync();
        }
        await _cloud.DisposeAsync();
        foreach (var (_, directory) in _replicas)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Scaler_LeaderLostWithoutRelease_OtherAdoptsAndLaunchesOnlyTheDeficit()
    {
        var database = await server.CreateDatabaseAsync();
        var (a, providerA) = await StartAsync(database, "replica-a");
        var leaseA = (PostgresLeaderLease)a.Services.GetRequiredService<ILeadership>();
        await ClusterParts.WaitUntilAsync(() => leaseA.CurrentTerm is not null, "replica A to lead");
        var (b, providerB) = await StartAsync(database, "replica-b");
        var leaseB = (PostgresLeaderLease)b.Services.GetRequiredService<ILeadership>();

        // Three jobs wait: the leader launches three machines, whose agents take one job each and hold it.
        var first = await ReplicasTests.ClientOf(a).CreateBuildAsync(new CreateBuildRequest("first", Steps(3)), CancellationToken.None);
        await ClusterParts.WaitUntilAsync(() => _cloud.Holding == 3, "three agents to run the first build's jobs", TimeSpan.FromSeconds(90));
        Assert.Equal((3, 0), (providerA.Launches, providerB.Launches));

        // The leader is lost: its lease loop dies without releasing the lease (as in a crash); its term runs out by the clock.
        var lost = Stopwatch.StartNew();
        leaseA.Dispose();
        // A crashed process acts no more; this one still runs its duties until its term ends by its clock, so the new jobs
        // come after that: they arrive while nobody (or already B) leads, through the old leader's API, which still answers.
        await ClusterParts.WaitUntilAsync(() => leaseA.CurrentTerm is null, "replica A's term to run out", TimeSpan.FromSeconds(30));
        var second = await ReplicasTests.ClientOf(a).CreateBuildAsync(new CreateBuildRequest("second", Steps(2)), CancellationToken.None);
        await ClusterParts.WaitUntilAsync(() => leaseB.CurrentTerm is not null, "replica B to take over", TimeSpan.FromSeconds(60));
        var takeover = lost.Elapsed;
        await ClusterParts.WaitUntilAsync(() => _cloud.Holding == 5, "five agents to run all jobs", TimeSpan.FromSeconds(90));
        var caughtUp = lost.Elapsed;
        Assert.True(a.Services.GetRequiredService<ILeadership>().CurrentTerm is null);

        // Let every job finish; then the fleet stays as it is (no later launch replaces anything).
        _cloud.ReleaseJobs();
        var client = ReplicasTests.ClientOf(b);
        await WaitFinishedAsync(client, first.Id);
        await WaitFinishedAsync(client, second.Id);
        var fleet = b.Services.GetRequiredService<IFleetStore>();
        var settled = Stopwatch.StartNew();
        await ClusterParts.WaitUntilAsync(() => settled.Elapsed > TimeSpan.FromSeconds(3), "a few scaler intervals after the builds");

        output.WriteLine($"takeover {takeover.TotalMilliseconds:0} ms after the leader was lost (lease {Lease.TotalSeconds} s); all five jobs running after {caughtUp.TotalMilliseconds:0} ms");
        output.WriteLine($"launches: A {providerA.Launches}, B {providerB.Launches}; jobs handed out: {_cloud.JobsHanded.Count}; agent errors: {string.Join("; ", _cloud.Errors)}");
        Assert.Equal((3, 2), (providerA.Launches, providerB.Launches));
        Assert.Equal(5, _cloud.Cloud.Launches);
        var handed = _cloud.JobsHanded.ToList();
        Assert.Equal(5, handed.Count);
        Assert.Equal(5, handed.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("passed", (await client.GetBuildAsync(first.Id, CancellationToken.None)).State);
        Assert.Equal("passed", (await client.GetBuildAsync(second.Id, CancellationToken.None)).State);
        var events = await fleet.ListScalingEventsAsync("cloud", 200, CancellationToken.None);
        Assert.Equal(5, events.Count(e => e.Action == "launch"));
        Assert.Equal(3, events.Count(e => e.Action == "adopt"));
        Assert.DoesNotContain(events, e => e.Action is "terminated" or "launch-failed" or "boot-timeout");
    }

    private static async Task WaitFinishedAsync(Client.CoordinatorClient client, string buildId)
    {
        var clock = Stopwatch.StartNew();
        while ((await client.GetBuildAsync(buildId, CancellationToken.None)).State is not ("passed" or "failed" or "canceled"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"build {buildId} did not finish");
            await Task.Delay(100);
        }
    }

    private static string Steps(int count)
        => "steps:\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"  - command: step-{i}\n    agents: {{queue: cloud}}\n"));

    private async Task<(WebApplication App, AgentCloudProvider Provider)> StartAsync(string database, string replica)
    {
        var provider = new AgentCloudProvider(_cloud);
        var options = ClusterParts.ReplicaOptions(server, database, replica, "failover");
        options.Stacks = [ClusterParts.CloudStack("cloud")];
        var directory = options.DataDirectory;
        var app = await CoordinatorHost.BuildAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), services =>
        {
            services.AddTestCluster(server, database, Lease);
            services.AddSingleton<IComputeProvider>(provider);
            services.AddSingleton(new ComputeProviderRegistration(AgentCloudProvider.ProviderName));
        }, CancellationToken.None);
        _replicas.Add((app, directory));
        await app.StartAsync();
        return (app, provider);
    }
}
