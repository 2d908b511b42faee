using ElasticCI.Coordinator.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCI.Coordinator.Tests.Hosting;

public sealed class PeriodicLoopTests
{
    [Fact]
    public async Task RunAsync_FailingPasses_LogDebugThenErrorWithTheCountInARow()
    {
        using var stop = new CancellationTokenSource();
        var logged = new List<(LogLevel Level, int Count)>();
        var calls = 0;

        await PeriodicLoop.RunAsync(_ =>
        {
            if (++calls == 3)
            {
                stop.Cancel();
            }
            throw new InvalidOperationException("store unavailable");
        }, TimeSpan.Zero, new FakeTimeProvider(), (level, count, _) => logged.Add((level, count)), stop.Token);

        Assert.Equal([(LogLevel.Debug, 1), (LogLevel.Debug, 2), (LogLevel.Error, 3)], logged);
    }

    [Fact]
    public async Task RunAsync_PassSucceedsAfterFailures_CountStartsAgain()
    {
        using var stop = new CancellationTokenSource();
        var logged = new List<int>();
        var calls = 0;

        await PeriodicLoop.RunAsync(_ =>
        {
            calls++;
            if (calls == 5)
            {
                stop.Cancel();
            }
            return calls is 1 or 2 or 4 or 5 ? throw new InvalidOperationException("flaky") : Task.CompletedTask;
        }, TimeSpan.Zero, new FakeTimeProvider(), (_, count, _) => logged.Add(count), stop.Token);

        Assert.Equal([1, 2, 1, 2], logged);
    }

    [Fact]
    public async Task RunAsync_WithAChange_PassesAgainBeforeTheIntervalEnds()
    {
        using var stop = new CancellationTokenSource();
        var change = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;

        // The interval never ends on a fake clock; only the change can start the second pass.
        var loop = PeriodicLoop.RunAsync(_ =>
        {
            if (++calls == 2)
            {
                stop.Cancel();
            }
            return Task.CompletedTask;
        }, TimeSpan.FromHours(1), () => change.Task, new FakeTimeProvider(), (_, _, _) => { }, stop.Token);
        change.SetResult();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task RunAsync_FailedPass_WaitsTheBackoffEvenWhenThingsChange()
    {
        using var stop = new CancellationTokenSource();
        var time = new FakeTimeProvider();
        var calls = 0;

        // Changes are always there: were they to end the wait after a failure, the three passes would run at once.
        var loop = PeriodicLoop.RunAsync(_ =>
        {
            if (++calls == 3)
            {
                stop.Cancel();
            }
            throw new InvalidOperationException("store unavailable");
        }, TimeSpan.FromSeconds(1), () => Task.CompletedTask, time, (_, _, _) => { }, stop.Token);
        var afterFirst = calls;
        time.Advance(TimeSpan.FromSeconds(2));
        await WaitUntilAsync(() => calls == 2);
        time.Advance(TimeSpan.FromSeconds(4));
        await loop.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, afterFirst);
        Assert.Equal(3, calls);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "condition not met within 30 s");
            await Task.Delay(10);
        }
    }

    [Theory]
    [InlineData(1000, 1, 2000)]
    [InlineData(1000, 3, 8000)]
    [InlineData(1000, 5, 30000)]
    [InlineData(250, 60, 30000)]
    public void Backoff_GrowsFromTheIntervalUpToThirtySeconds(int intervalMs, int failures, int expectedMs)
        => Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PeriodicLoop.Backoff(TimeSpan.FromMilliseconds(intervalMs), failures));
}
