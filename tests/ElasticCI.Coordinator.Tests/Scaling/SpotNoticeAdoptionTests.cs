using System.Diagnostics;
using ElasticCI.Compute;
using ElasticCI.Coordinator.Tests.Compute;
using ElasticCI.Scaling;
using ElasticCI.Stacks;
using ElasticCI.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Tests.Scaling;

/// <summary>
/// A spot notice recorded in the store by someone else (another replica took the API call, or a previous leader did) is
/// still carried out by this coordinator when it leads: the instance is terminated at its deadline.
/// </summary>
public sealed class SpotNoticeAdoptionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-spot-adopt-").FullName;
    private readonly FakeCloud _cloud = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Deadline_NoticeOnlyInTheStore_InstanceTerminatedOnce()
    {
        var options = new CoordinatorOptions
        {
            DataDirectory = _directory,
            Listen = "127.0.0.1:0",
            AgentCommand = ["true"],
            Stacks = [StackDefinition.EmbeddedDefault with { Name = "cloud", Queue = "cloud", Provider = FakeComputeProvider.ProviderName, OnDemandPercentage = 0, Scaling = new() { MinSize = 1, MaxSize = 1, AgentsPerInstance = 1 } }],
        };
        await using var app = await CoordinatorHost.BuildAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), services =>
        {
            services.AddSingleton<IComputeProvider>(new FakeComputeProvider(_cloud));
            services.AddSingleton(new ComputeProviderRegistration(FakeComputeProvider.ProviderName));
        }, CancellationToken.None);
        await app.StartAsync();
        var fleet = app.Services.GetRequiredService<IFleetStore>();
        var instance = (await WaitForAsync(async () => (await fleet.ListInstancesAsync("cloud", DateTimeOffset.MinValue, CancellationToken.None))
            .FirstOrDefault(i => _cloud.Instances.ContainsKey(i.Id)), "the MinSize instance"))!;

        // Recorded straight in the store, as another replica's API call would: this process never saw the notice.
        var now = TimeProvider.System.GetUtcNow();
        var (outcome, _) = await app.Services.GetRequiredService<ISpotStore>().TryInterruptAsync(instance.Id, now, now + TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(InterruptOutcome.Interrupted, outcome);

        var events = await WaitForAsync(async () => (await fleet.ListScalingEventsAsync("cloud", 100, CancellationToken.None)) is var all
            && all.Any(e => e.Action == "spot-terminated" && e.InstanceId == instance.Id) ? all : null, "the spot-terminated event");
        await WaitForAsync(async () => (await fleet.ListInstancesAsync("cloud", DateTimeOffset.MinValue, CancellationToken.None))
            .FirstOrDefault(i => i.Id == instance.Id && i.State == InstanceState.Terminated), "the instance marked terminated");
        events = await fleet.ListScalingEventsAsync("cloud", 100, CancellationToken.None);
        Assert.Single(events, e => e.Action == "spot-terminated" && e.InstanceId == instance.Id);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> read, string what)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
