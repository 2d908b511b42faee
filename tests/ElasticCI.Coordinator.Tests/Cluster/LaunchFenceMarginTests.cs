using System.Diagnostics;
using ElasticCI.Cluster;
using ElasticCI.Compute;
using ElasticCI.Protocol.Builds;
using ElasticCI.Scaling;
using ElasticCI.Stacks;
using ElasticCI.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// The margin half of the provider-call fence, on a real coordinator host (SQLite store, a cloud of real agents over HTTP)
/// with a leadership the test controls: a term that is still current but ends within the margin when the launch reaches
/// its provider call does not call the provider, and records the stored instance as launch-fenced.
/// </summary>
public sealed class LaunchFenceMarginTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("elastic-ci-fence-margin-");
    private readonly AgentCloud _cloud = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _cloud.ReleaseJobs();
        await _cloud.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Launch_TermEndsWithinTheMarginBeforeTheProviderCall_IsNotMadeAndIsRecordedLaunchFenced()
    {
        var leadership = new FakeLeadership();
        leadership.Set(new LeaderTerm(5, DateTimeOffset.MaxValue));
        var provider = new AgentCloudProvider(_cloud);
        var shortened = 0;
        var options = new CoordinatorOptions
        {
            DataDirectory = _directory.FullName,
            Listen = "127.0.0.1:0",
            AgentCommand = ["true"],
            Stacks = [StackDefinition.EmbeddedDefault with { Name = "cloud", Queue = "cloud", Provider = AgentCloudProvider.ProviderName, Scaling = new() { MinSize = 0, MaxSize = 10, AgentsPerInstance = 1 } }],
        };
        await using var app = await CoordinatorHost.BuildAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), services =>
        {
            services.AddSingleton<ILeadership>(leadership);
            // The first launch's last write before its provider call: then its term has 100 ms left (no renewal got through),
            // less than the margin (a quarter of the 2 s lease).
            services.AddSingleton<IRegistrationCredentialStore>(sp => new HookedCredentialStore((IRegistrationCredentialStore)sp.GetRequiredService<IBuildStore>(), () =>
            {
                if (Interlocked.Exchange(ref shortened, 1) == 0)
                {
                    leadership.Set(new LeaderTerm(5, TimeProvider.System.GetUtcNow() + TimeSpan.FromMilliseconds(100)));
                }
            }));
            services.AddSingleton<IComputeProvider>(provider);
            services.AddSingleton(new ComputeProviderRegistration(AgentCloudProvider.ProviderName));
        }, CancellationToken.None);
        await app.StartAsync();
        var fleet = app.Services.GetRequiredService<IFleetStore>();
        var client = ReplicasTests.ClientOf(app);

        var build = await client.CreateBuildAsync(new CreateBuildRequest("margin", "steps:\n  - command: step\n    agents: {queue: cloud}\n"), CancellationToken.None);
        var fenced = await WaitForEventAsync(fleet, "launch-fenced");
        Assert.Equal(0, provider.Launches);
        Assert.Contains("leader term 5 had less than 0.5s left when the provider was to be called; not launched", fenced.Reason, StringComparison.Ordinal);
        var row = Assert.Single(await fleet.ListInstancesAsync("cloud", DateTimeOffset.MinValue, CancellationToken.None));
        Assert.Equal((fenced.InstanceId, InstanceState.Terminated), (row.Id, row.State));

        // The lease is renewed: the scaler launches the one machine the job needs, and it runs the job.
        leadership.Set(new LeaderTerm(5, DateTimeOffset.MaxValue));
        await ClusterParts.WaitUntilAsync(() => _cloud.Holding == 1, "an agent to run the job", TimeSpan.FromSeconds(60));
        _cloud.ReleaseJobs();
        var clock = Stopwatch.StartNew();
        while ((await client.GetBuildAsync(build.Id, CancellationToken.None)).State != "passed")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the build did not pass");
            await Task.Delay(100);
        }
        Assert.Equal(1, provider.Launches);
        Assert.Equal(1, _cloud.Cloud.Instances.Values.Count(i => !i.IsGone));
        var events = await fleet.ListScalingEventsAsync("cloud", 100, CancellationToken.None);
        Assert.Equal(2, events.Count(e => e.Action == "launch"));
        Assert.Single(events, e => e.Action == "launch-fenced");
        Assert.DoesNotContain(events, e => e.Action is "terminated" or "orphan-terminated" or "launch-failed");
        await app.StopAsync();
    }

    private static async Task<ScalingEvent> WaitForEventAsync(IFleetStore fleet, string action)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if ((await fleet.ListScalingEventsAsync("cloud", 100, CancellationToken.None)).FirstOrDefault(e => e.Action == action) is { } found)
            {
                return found;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"no '{action}' event");
            await Task.Delay(20);
        }
    }
}
