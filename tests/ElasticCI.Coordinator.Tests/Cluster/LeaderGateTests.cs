using ElasticCI.Cluster;
using ElasticCI.Coordinator.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCI.Coordinator.Tests.Cluster;

public sealed class LeaderGateTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly FakeLeadership _leadership = new();

    [Fact]
    public async Task RunWhileLeading_TermGainedLostAndRegained_DutyRunsOnlyInTerms()
    {
        var gate = new LeaderGate(_leadership, TimeProvider.System, NullLogger<LeaderGate>.Instance);
        var started = new List<TaskCompletionSource<CancellationToken>> { New(), New() };
        var runs = 0;
        using var stop = new CancellationTokenSource();
        var loop = gate.RunWhileLeadingAsync("test", async token =>
        {
            started[Interlocked.Increment(ref runs) - 1].TrySetResult(token);
            await Task.Delay(Timeout.Infinite, token);
        }, stop.Token);

        Assert.False(gate.IsLeading);
        Assert.False(started[0].Task.IsCompleted);
        _leadership.Set(new LeaderTerm(1, DateTimeOffset.MaxValue));
        var first = await started[0].Task.WaitAsync(Wait);
        Assert.True(gate.IsLeading);

        _leadership.Set(null);
        // The duty's token is canceled as soon as the term ends.
        var canceled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (first.Register(() => canceled.TrySetResult()))
        {
            await canceled.Task.WaitAsync(Wait);
        }
        Assert.False(gate.IsLeading);
        Assert.Equal(1, runs);

        _leadership.Set(new LeaderTerm(2, DateTimeOffset.MaxValue));
        var second = await started[1].Task.WaitAsync(Wait);
        Assert.False(second.IsCancellationRequested);

        await stop.CancelAsync();
        await loop.WaitAsync(Wait);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task RunWhileLeading_NewEpochWithoutGap_RestartsTheDuty()
    {
        var gate = new LeaderGate(_leadership, TimeProvider.System, NullLogger<LeaderGate>.Instance);
        var epochs = new List<long>();
        var second = New();
        using var stop = new CancellationTokenSource();
        _leadership.Set(new LeaderTerm(1, DateTimeOffset.MaxValue));
        var loop = gate.RunWhileLeadingAsync("test", async token =>
        {
            lock (epochs)
            {
                epochs.Add(_leadership.CurrentTerm!.Epoch);
                if (epochs.Count == 2)
                {
                    second.TrySetResult(token);
                }
            }
            await Task.Delay(Timeout.Infinite, token);
        }, stop.Token);
        await ClusterParts.WaitUntilAsync(() => { lock (epochs) { return epochs.Count == 1; } }, "the first term's duty");

        _leadership.Set(new LeaderTerm(5, DateTimeOffset.MaxValue));

        await second.Task.WaitAsync(Wait);
        Assert.Equal([1L, 5L], epochs);
        await stop.CancelAsync();
        await loop.WaitAsync(Wait);
    }

    [Fact]
    public void SoleLeadership_AlwaysLeadsInOneTerm()
    {
        var sole = new SoleLeadership("only");
        var gate = new LeaderGate(sole, TimeProvider.System, NullLogger<LeaderGate>.Instance);

        Assert.True(gate.IsLeading);
        Assert.Equal(1, sole.CurrentTerm?.Epoch);
        Assert.False(sole.Changed.IsCompleted);
    }

    private static TaskCompletionSource<CancellationToken> New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
