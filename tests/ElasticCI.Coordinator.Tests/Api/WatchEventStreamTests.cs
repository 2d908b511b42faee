using System.Diagnostics;
using System.Text;
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
        var output = new LockedWriter();
        var watcher = new BuildWatcher(_fixture.Client, output) { Wakeups = new(TimeSpan.FromHours(1), TimeSpan.FromHours(1)) };
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var watching = watcher.WatchAsync(build, stop.Token);
        await WaitForAsync(output, "--- waits: scheduled");
        // Whether the stream connects before or after the cancel, an event follows it: the stream's first event is the
        // build as it is then, and every change after that is another.

        var changed = Stopwatch.StartNew();
        await _fixture.Client.CancelBuildAsync(build.Id, CancellationToken.None);
        await WaitForAsync(output, "--- waits: canceled");

        Assert.True(changed.Elapsed < TimeSpan.FromSeconds(30), $"took {changed.Elapsed}");
        var finished = await watching;
        Assert.Equal("canceled", finished.State);
    }

    private static async Task WaitForAsync(LockedWriter output, string text)
    {
        var waited = Stopwatch.StartNew();
        while (!output.Text.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"'{text}' was not printed: {output.Text}");
            await Task.Delay(50);
        }
    }

    private sealed class LockedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }
            return Task.CompletedTask;
        }
    }
}
