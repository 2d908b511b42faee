using System.Globalization;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>`elastic-ci build --watch` prints every line of every job's log, and a lost job's log says it was lost and why.</summary>
public sealed class WatchOutputTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    // The job's output (not in its command line), and how long an agent may be silent: long enough that a heartbeat
    // delayed by a loaded machine does not lose the agent before the test kills it.
    private const string PartialLine = "partial line 42.";
    private const int LostAfterSeconds = 10;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync(o => o.AgentLostAfter = TimeSpan.FromSeconds(LostAfterSeconds));

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Watch_50MBLog_EveryLineArrivesOnceInOrder_LiveAndAfterTheBuildFinished()
    {
        // seq 1 6500000: 6.5 M lines, 52.8 MB. Two watches of one build: `build --watch` while the job runs (the agent
        // uploads slower than the watcher reads, so it seldom falls behind), then the same watcher started once the build
        // has finished, when all 52.8 MB are behind it at its first look: a watcher that reads one part of a log per
        // look and stops when the build is finished (the bug of issue 12, 3.1 M of 25 M lines printed) fails here.
        const int Lines = 6_500_000;
        var file = Path.Combine(_fixture.DataDirectory, "big-log.yml");
        await File.WriteAllTextAsync(file, $"steps:\n  - label: big\n    command: seq 1 {Lines}\n");
        _fixture.StartAgent("agent-watch");

        var (exit, output, error) = await _fixture.RunCliAsync("build", file, "--pipeline", "watch", "--watch");

        Assert.True(exit == 0, error + output[^Math.Min(output.Length, 2000)..]);
        AssertEveryNumberOnceInOrder(output, Lines, "build --watch");

        var builds = await _fixture.Client.ListBuildsAsync("watch", 10, CancellationToken.None);
        var finished = await _fixture.Client.GetBuildAsync(Assert.Single(builds.Builds).Id, CancellationToken.None);
        Assert.Equal("passed", finished.State);
        await using var late = new StringWriter();
        await new ElasticCI.Cli.Commands.BuildWatcher(_fixture.Client, late).WatchAsync(finished, CancellationToken.None);
        AssertEveryNumberOnceInOrder(late.ToString(), Lines, "a watch of the finished build");
    }

    /// <summary>The job's lines (<c>big | N</c>) are exactly 1..<paramref name="lines"/>, each once, in order.</summary>
    private static void AssertEveryNumberOnceInOrder(string output, int lines, string what)
    {
        var expected = 1;
        foreach (var line in output.AsSpan().EnumerateLines())
        {
            // The job's own lines are the numbers; the agent's section headers ("~~~ ...") are not.
            if (!line.StartsWith("big | ", StringComparison.Ordinal)
                || !int.TryParse(line["big | ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }
            Assert.True(number == expected, $"{what}: line {expected} expected, got {number}");
            expected++;
        }
        Assert.True(expected == lines + 1, $"{what}: {expected - 1} of {lines} lines printed");
    }

    [Fact]
    public async Task LostJob_LogEndsWithALineSayingItWasLostAndWhy()
    {
        // The job's output must differ from its command, which the agent echoes into the log first ("$ printf ..."): a wait
        // for text the command also contains returns before the job's own output was uploaded. And it must not end in a
        // character a secret could start with: the agent's redactor holds back any tail of the output that may be the start
        // of a secret (the job's random token among them) until more output comes, and this job prints nothing more.
        var agent = _fixture.StartAgent("agent-lost-line");
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: printf 'partial line %s.' \"$((6 * 7))\" && sleep 100\n");
        await _fixture.WaitForAsync(build.Id, b => b.Jobs[0].State == "running" && b.Jobs[0].LogSize > 0, TimeSpan.FromSeconds(60));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(await _fixture.LogAsync(build.Jobs[0].Id)).Contains(PartialLine, StringComparison.Ordinal))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the job's partial line never reached the coordinator");
            await Task.Delay(100);
        }

        agent.Kill();
        var done = await _fixture.WaitForAsync(build.Id, b => b.Jobs[0].State == "lost", TimeSpan.FromSeconds(60));
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.Contains($"{PartialLine}\n--- elastic-ci: job lost: its agent sent no heartbeat for {LostAfterSeconds} s", log, StringComparison.Ordinal);
        Assert.EndsWith("the log above is all the coordinator received.\n", log, StringComparison.Ordinal);
        Assert.Equal(log.Length, done.Jobs[0].LogSize);
    }
}
