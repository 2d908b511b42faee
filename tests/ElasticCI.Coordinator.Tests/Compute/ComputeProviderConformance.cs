using System.Diagnostics;
using ElasticCI.Compute;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Tests.Compute;

/// <summary>
/// What every <see cref="IComputeProvider"/> must do, whatever its machines are: a subclass per provider supplies one.
/// Instances are observed through Describe/List, never awaited.
/// </summary>
public abstract class ComputeProviderConformance : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    internal IComputeProvider Provider { get; private set; } = null!;

    public async Task InitializeAsync() => Provider = await CreateAsync();

    public virtual async Task DisposeAsync() => await Provider.DisposeAsync();

    [Fact]
    public async Task Launch_NewInstance_IsDescribedAndListedUnderItsStack()
    {
        var launched = await Provider.LaunchAsync(Request("conf-a1"), CancellationToken.None);

        Assert.Equal(("conf-a1", "conf"), (launched.Id, launched.Stack));
        Assert.False(launched.IsGone);
        var described = await Provider.DescribeAsync("conf-a1", CancellationToken.None);
        Assert.NotNull(described);
        Assert.False(described.IsGone);
        Assert.Contains(await Provider.ListAsync("conf", CancellationToken.None), i => i.Id == "conf-a1");
        Assert.DoesNotContain(await Provider.ListAsync("other", CancellationToken.None), i => i.Id == "conf-a1");
    }

    [Fact]
    public async Task Terminate_RunningInstance_IsObservedGoneAndChangeIsSignalled()
    {
        await Provider.LaunchAsync(Request("conf-b1"), CancellationToken.None);
        var changed = Provider.Changed;

        await Provider.TerminateAsync("conf-b1", graceful: false, TimeSpan.FromSeconds(10), CancellationToken.None);

        await changed.WaitAsync(Patience);
        var gone = await WaitGoneAsync("conf-b1");
        if (Provider.Capabilities.ReportsExitCodes)
        {
            Assert.NotNull(gone.ExitCode);
        }
    }

    [Fact]
    public async Task Terminate_UnknownOrGoneInstance_CompletesNormally()
    {
        await Provider.TerminateAsync("conf-never", graceful: true, TimeSpan.FromSeconds(1), CancellationToken.None);
        await Provider.LaunchAsync(Request("conf-c1"), CancellationToken.None);
        await Provider.TerminateAsync("conf-c1", graceful: false, TimeSpan.FromSeconds(10), CancellationToken.None);
        await WaitGoneAsync("conf-c1");

        await Provider.TerminateAsync("conf-c1", graceful: false, TimeSpan.FromSeconds(1), CancellationToken.None);
    }

    [Fact]
    public async Task Describe_UnknownInstance_IsNull()
        => Assert.Null(await Provider.DescribeAsync("conf-nobody", CancellationToken.None));

    [Fact]
    public async Task Dispose_WithRunningInstance_KeepsItOnlyWhenInstancesSurviveRestart()
    {
        await Provider.LaunchAsync(Request("conf-d1"), CancellationToken.None);

        await Provider.DisposeAsync();
        await using var next = await CreateAsync();

        var seen = await next.DescribeAsync("conf-d1", CancellationToken.None);
        if (Provider.Capabilities.SurvivesCoordinatorRestart)
        {
            Assert.NotNull(seen);
            Assert.False(seen.IsGone);
            await next.TerminateAsync("conf-d1", graceful: false, TimeSpan.FromSeconds(10), CancellationToken.None);
        }
        else
        {
            // Nothing of it is left for a new provider (a restarted coordinator) to find, and nothing of it runs.
            Assert.True(seen is null or { IsGone: true });
            Assert.False(await StillRunsAsync("conf-d1"));
        }
    }

    /// <summary>A fresh provider; for a provider whose instances survive, one that sees the instances of earlier ones.</summary>
    internal abstract Task<IComputeProvider> CreateAsync();

    /// <summary>Whether anything of the instance still runs, asked outside the provider (processes, the fake cloud).</summary>
    internal abstract Task<bool> StillRunsAsync(string instanceId);

    internal static LaunchRequest Request(string instanceId)
        => new(instanceId, StackDefinition.EmbeddedDefault with { Name = "conf" }, "http://127.0.0.1:9", "registration-token");

    private async Task<ComputeInstanceStatus> WaitGoneAsync(string instanceId)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var changed = Provider.Changed;
            var status = await Provider.DescribeAsync(instanceId, CancellationToken.None);
            Assert.NotNull(status);
            if (status.IsGone)
            {
                return status;
            }
            Assert.True(deadline.Elapsed < Patience, $"{instanceId} still {status.State}");
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromMilliseconds(200)));
        }
    }
}
