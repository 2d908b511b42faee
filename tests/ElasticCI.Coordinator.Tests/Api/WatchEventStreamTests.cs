using System.Diagnostics;
using ElasticCI.Cli.Commands;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>
/// <c>build --watch</c> follows the build's event stream: with both re-read intervals (quiet stream, failed stream) an
/// hour long, a job's state change still reaches the watch output within seconds — only an event can have woken it.
/// </summary>
public sealed class WatchEventStreamTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Watch_IntervalsAnHourLong_StateChangePrintedFromTheEventStream()
    {
        var build = await _fixture.CreateBuildAsync("steps:\n  - label: waits\n    command: \"true\"\n    agents: { queue: nobody }\n");
        var output = new CapturedOutput();
        var watcher = new BuildWatcher(_fixture.Client, output) { Wakeups = new(TimeSpan.FromHours(1), TimeSpan.FromHours(1)) };
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var watching = watcher.WatchAsync(build, stop.Token);
        await output.WaitForAsync("--- waits: scheduled", TimeSpan.FromSeconds(30));
        // Whether the stream connects before or after the cancel, an event follows it: the stream's first event is the
        // build as it is then, and every change after that is another.

        var changed = Stopwatch.StartNew();
        await _fixture.Client.CancelBuildAsync(build.Id, CancellationToken.None);
        await output.WaitForAsync("--- waits: canceled", TimeSpan.FromSeconds(30));

        Assert.True(changed.Elapsed < TimeSpan.FromSeconds(30), $"took {changed.Elapsed}");
        var finished = await watching;
        Assert.Equal("canceled", finished.State);
    }
}
