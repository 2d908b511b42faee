using System.Diagnostics;
using ElasticCI.Cluster;
using ElasticCI.Cluster.Postgres;
using ElasticCI.Compute;
using ElasticCI.Coordinator.Scaling;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// Two coordinator hosts on one PostgreSQL database (lease 2 s) sharing an <see cref="AgentCloud"/>, each with a
/// <see cref="PausingCloudProvider"/>, and one stack "cloud" (one agent per machine): the parts of <see cref="LaunchFencingTests"/>.
/// </summary>
internal sealed class FenceReplicas(PostgresServerFixture server) : IAsyncDisposable
{
    public const string Stack = "cloud";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private readonly List<(WebApplication App, string Directory, PausingCloudProvider Provider)> _replicas = [];

    public AgentCloud Cloud { get; } = new();

    /// <summary>Machines of the cloud that are not gone.</summary>
    public int RunningMachines => Cloud.Cloud.Instances.Values.Count(i => !i.IsGone);

    /// <summary>Starts replica A, waits until it leads, then starts replica B.</summary>
    public async Task<(Replica A, Replica B)> StartPairAsync(string database, TimeSpan launchCallBound)
    {
        var a = await StartAsync(database, "replica-a", launchCallBound);
        await ClusterParts.WaitUntilAsync(() => a.Lease.CurrentTerm is not null, "replica A to lead");
        var b = await StartAsync(database, "replica-b", launchCallBound);
        return (a, b);
    }

    public static string Steps(int count)
        => "steps:\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"  - command: step-{i}\n    agents: {{queue: {Stack}}}\n"));

    /// <summary>Every instance row of the stack, terminated ones included.</summary>
    public static Task<IReadOnlyList<InstanceRecord>> InstancesAsync(Replica replica)
        => replica.App.Services.GetRequiredService<IFleetStore>().ListInstancesAsync(Stack, DateTimeOffset.MinValue, CancellationToken.None);

    /// <summary>The stack's scaling events, oldest first.</summary>
    public static async Task<IReadOnlyList<ScalingEvent>> EventsAsync(Replica replica)
        => [.. (await replica.App.Services.GetRequiredService<IFleetStore>().ListScalingEventsAsync(Stack, 200, CancellationToken.None)).Reverse()];

    /// <summary>Lets the held jobs finish and waits until <paramref name="buildId"/> has passed.</summary>
    public async Task FinishAsync(Replica replica, string buildId)
    {
        Cloud.ReleaseJobs();
        var client = ReplicasTests.ClientOf(replica.App);
        var clock = Stopwatch.StartNew();
        string state;
        while ((state = (await client.GetBuildAsync(buildId, CancellationToken.None)).State) is not ("passed" or "failed" or "canceled"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"build {buildId} did not finish");
            await Task.Delay(100);
        }
        Assert.Equal("passed", state);
    }

    public async ValueTask DisposeAsync()
    {
        Cloud.ReleaseJobs();
        foreach (var (_, _, provider) in _replicas)
        {
            // A launch call still held would keep its host's scaler, and so its shutdown, waiting.
            provider.Resume();
        }
        foreach (var (app, _, _) in _replicas)
        {
            await app.DisposeAsync();
        }
        await Cloud.DisposeAsync();
        foreach (var (_, directory, _) in _replicas)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<Replica> StartAsync(string database, string replica, TimeSpan launchCallBound)
    {
        var provider = new PausingCloudProvider(new AgentCloudProvider(Cloud));
        var options = ClusterParts.ReplicaOptions(server, database, replica, "fence");
        options.Stacks = [ClusterParts.CloudStack(Stack)];
        var directory = options.DataDirectory;
        var app = await CoordinatorHost.BuildAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), services =>
        {
            services.AddTestCluster(server, database, Lease);
            services.Configure<LaunchFenceOptions>(o => o.LaunchCallBound = launchCallBound);
            services.AddSingleton<IComputeProvider>(provider);
            services.AddSingleton(new ComputeProviderRegistration(AgentCloudProvider.ProviderName));
        }, CancellationToken.None);
        _replicas.Add((app, directory, provider));
        await app.StartAsync();
        return new Replica(app, provider, (PostgresLeaderLease)app.Services.GetRequiredService<ILeadership>());
    }

    /// <summary>One coordinator host with its provider and its lease.</summary>
    internal sealed record Replica(WebApplication App, PausingCloudProvider Provider, PostgresLeaderLease Lease);
}
