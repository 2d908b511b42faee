using System.Diagnostics;
using ElasticCI.Compute;
using ElasticCI.Coordinator.Tests.Compute;
using ElasticCI.Scaling;
using ElasticCI.Stacks;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Tests.Scaling;

/// <summary>
/// A coordinator restart reconciles the store's instances with their provider: a provider whose instances survive the
/// restart (the fake cloud) keeps them running and the new coordinator adopts them; with local they are gone, as before.
/// </summary>
public sealed class RestartReconcileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-restart-").FullName;
    private readonly FakeCloud _cloud = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Restart_ProviderSurvivesRestart_InstancesKeepRunningAndAreAdopted()
    {
        string instanceId;
        await using (var first = await StartAsync())
        {
            var launched = await WaitForAsync(first, i => i.Count == 1 && _cloud.Instances.ContainsKey(i[0].Id) ? i : null, "the MinSize instance launched");
            instanceId = launched[0].Id;
        }
        Assert.False(_cloud.Instances[instanceId].IsGone);

        await using var second = await StartAsync();

        var events = await WaitForAsync(second, async fleet => (await fleet.ListScalingEventsAsync("cloud", 100, CancellationToken.None)) is var e
            && e.Any(x => x.Action == "adopt" && x.InstanceId == instanceId) ? e : null, "the adopt event");
        Assert.DoesNotContain(events, e => e.Action == "terminated" && e.InstanceId == instanceId);
        var instances = await second.Services.GetRequiredService<IFleetStore>().ListInstancesAsync("cloud", DateTimeOffset.MinValue, CancellationToken.None);
        var adopted = Assert.Single(instances);
        Assert.Equal(instanceId, adopted.Id);
        Assert.NotEqual(InstanceState.Terminated, adopted.State);
        Assert.False(_cloud.Instances[instanceId].IsGone);
        Assert.Equal(1, _cloud.Launches);
    }

    [Fact]
    public async Task Reconcile_ProviderReportsInstanceGone_MarksItTerminatedAndReplacesIt()
    {
        await using var coordinator = await StartAsync();
        var first = (await WaitForAsync(coordinator, i => i.Count == 1 && _cloud.Instances.ContainsKey(i[0].Id) ? i : null, "the MinSize instance launched"))[0].Id;

        _cloud.Instances[first] = _cloud.Instances[first] with { State = ComputeInstanceState.Gone, ExitCode = 1 };

        var events = await WaitForAsync(coordinator, async fleet => (await fleet.ListScalingEventsAsync("cloud", 100, CancellationToken.None)) is var e
            && e.Any(x => x.Action == "terminated" && x.InstanceId == first) ? e : null, "the terminated event");
        Assert.Contains(events, e => e.Action == "terminated" && e.InstanceId == first && e.Reason.Contains("code 1", StringComparison.Ordinal));
        await WaitForAsync(coordinator, i => i.Count(x => x.State != InstanceState.Terminated && x.Id != first) == 1 ? i : null, "a replacement");
    }

    private Task<WebApplication> StartAsync() => StartCoreAsync();

    private async Task<WebApplication> StartCoreAsync()
    {
        var options = new CoordinatorOptions
        {
            DataDirectory = _directory,
            Listen = "127.0.0.1:0",
            AgentCommand = ["true"],
            Stacks = [StackDefinition.EmbeddedDefault with { Name = "cloud", Queue = "cloud", Provider = FakeComputeProvider.ProviderName, Scaling = new() { MinSize = 1, MaxSize = 1, AgentsPerInstance = 1 } }],
        };
        var app = await CoordinatorHost.BuildAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), services =>
        {
            services.AddSingleton<IComputeProvider>(new FakeComputeProvider(_cloud));
            services.AddSingleton(new ComputeProviderRegistration(FakeComputeProvider.ProviderName));
        }, CancellationToken.None);
        await app.StartAsync();
        return app;
    }

    /// <summary>The store records an instance before its provider launches it: tests wait for both.</summary>
    private static Task<IReadOnlyList<InstanceRecord>> WaitForAsync(WebApplication app, Func<IReadOnlyList<InstanceRecord>, IReadOnlyList<InstanceRecord>?> done, string what)
        => WaitForAsync(app, async fleet => done(await fleet.ListInstancesAsync("cloud", DateTimeOffset.MinValue, CancellationToken.None)), what);

    private static async Task<T> WaitForAsync<T>(WebApplication app, Func<IFleetStore, Task<T?>> read, string what)
        where T : class
    {
        var fleet = app.Services.GetRequiredService<IFleetStore>();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await read(fleet) is { } value)
            {
                return value;
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
