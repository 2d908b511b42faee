using ElasticCI.Protocol.Builds;

namespace ElasticCI.EndToEnd;

/// <summary>
/// Buildkite's dependency rules end to end (<c>elastic-ci up</c>, an unsandboxed stack so jobs can write a shared file):
/// every job appends its key to <c>order.log</c> when it starts, and the tests read the order back. Buildkite: "a step
/// with an explicit dependency runs as soon as that dependency completes, without waiting for block or wait steps that
/// are not among its explicit dependencies" (issue 13); uploaded steps may depend on keys of the original pipeline or of
/// an earlier upload; a key that exists nowhere fails only that step.
/// </summary>
public sealed class DependsOnOrderTests : IAsyncLifetime
{
    private ConfiguredUp? _up;

    private ConfiguredUp Up => _up!;

    private string Log => Path.Combine(Up.Directory, "order.log");

    public async Task InitializeAsync()
        => _up = await ConfiguredUp.StartAsync("depends-on", """
            stacks:
              - Name: order
                Queue: order
                MinSize: 1
                MaxSize: 1
                AgentsPerInstance: 3
                Isolation: none
            """);

    public async Task DisposeAsync()
    {
        if (_up is not null)
        {
            await _up.DisposeAsync();
        }
    }

    [Fact]
    public async Task Build_ExplicitDependsOn_StartsBeforeThePrecedingWaitAndBlockAreReleased()
    {
        var release = Path.Combine(Up.Directory, "release");
        var build = await CreateAsync($$"""
            agents: { queue: order }
            steps:
              - { key: first, command: "{{Append("first")}}" }
              - key: slow
                command: "{{Append("slow")}}; while [ ! -f '{{release}}' ]; do sleep 0.2; done"
              - wait
              - block: Hold
                key: hold
              - { key: after, command: "{{Append("after")}}" }
              - { key: direct, depends_on: first, command: "{{Append("direct")}}" }
            """);

        // direct passes while slow still runs: the wait before it is not released, the block not even reached.
        var midway = await WaitForAsync(build.Id, b => State(b, "direct") == "passed", "direct to pass");
        Assert.Equal(("running", "pending", "pending"), (State(midway, "slow"), State(midway, "hold"), State(midway, "after")));
        var early = await File.ReadAllLinesAsync(Log);
        Assert.Equal(["direct", "first", "slow"], early.Order(StringComparer.Ordinal));
        Assert.True(Array.IndexOf(early, "first") < Array.IndexOf(early, "direct"), string.Join(",", early));

        await File.WriteAllTextAsync(release, "");
        var blocked = await WaitForAsync(build.Id, b => State(b, "hold") == "blocked", "the block to be reached");
        Assert.Equal("pending", State(blocked, "after"));
        await Up.Api.Client.UnblockJobAsync(blocked.Jobs.Single(j => j.Key == "hold").Id, new Dictionary<string, string>(), CancellationToken.None);
        var done = await WaitForAsync(build.Id, b => b.State is "passed" or "failed", "the build to finish");

        Assert.Equal("passed", done.State);
        var lines = await File.ReadAllLinesAsync(Log);
        Assert.Equal("after", lines[^1]);
        Assert.True(Array.IndexOf(lines, "direct") < Array.IndexOf(lines, "after"));
        Assert.Equal(["after", "direct", "first", "slow"], lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Build_UploadedStepsDependOnOriginalAndEarlierUploadKeys_UnknownKeyFailsOnlyItsStep()
    {
        var second = Path.Combine(Up.Directory, "second.yml");
        await File.WriteAllTextAsync(second, $$"""
            steps:
              - { key: up2, depends_on: [up1, base], command: "{{Append("up2")}}", agents: { queue: order } }
            """);
        var first = Path.Combine(Up.Directory, "first.yml");
        await File.WriteAllTextAsync(first, $$"""
            steps:
              - key: up1
                depends_on: base
                agents: { queue: order }
                command: "{{Append("up1")}}; buildkite-agent pipeline upload '{{second}}'"
              - { key: orphan, depends_on: nowhere, command: "{{Append("orphan")}}", agents: { queue: order } }
              - { key: late, depends_on: base-tests, command: "{{Append("late")}}", agents: { queue: order } }
            """);
        var build = await CreateAsync($$"""
            agents: { queue: order }
            steps:
              - key: base
                command: "sleep 2; {{Append("base")}}"
              - group: Base tests
                key: base-tests
                steps:
                  - { key: unit, command: "{{Append("unit")}}" }
              - { key: gen, command: "buildkite-agent pipeline upload '{{first}}'" }
              - wait: { continue_on_failure: true }
              - { key: final, command: "{{Append("final")}}" }
            """);

        var done = await WaitForAsync(build.Id, b => b.State is "passed" or "failed" && b.Jobs.All(j => j.State is not ("pending" or "scheduled" or "running")), "the build to finish");

        Assert.Equal("failed", done.State); // the orphan's failure fails the build, as a failed step does
        Assert.Equal(["base", "unit", "gen", "up1", "up2", "orphan", "late", "final"], done.Jobs.Select(j => j.Key));
        Assert.Equal(["passed", "passed", "passed", "passed", "passed", "broken", "passed", "passed"], done.Jobs.Select(j => j.State));
        var orphanLog = System.Text.Encoding.UTF8.GetString(await Up.Api.Client.ReadJobLogAsync(done.Jobs.Single(j => j.Key == "orphan").Id, 0, CancellationToken.None));
        Assert.Contains("depends_on 'nowhere' does not match any step key in this build", orphanLog, StringComparison.Ordinal);
        var lines = (await File.ReadAllLinesAsync(Log)).ToList();
        Assert.DoesNotContain("orphan", lines);
        Assert.True(lines.IndexOf("base") < lines.IndexOf("up1"), string.Join(",", lines)); // up1 waited for base, an original key
        Assert.True(lines.IndexOf("unit") < lines.IndexOf("late"), string.Join(",", lines)); // a group key of the original
        Assert.True(lines.IndexOf("up1") < lines.IndexOf("up2"), string.Join(",", lines)); // the second upload on the first's key
        Assert.Equal("final", lines[^1]); // the wait covers everything gen uploaded, recursively
    }

    private string Append(string key) => $"echo {key} >> '{Log}'";

    private async Task<BuildDto> CreateAsync(string yaml)
        => await Up.Api.Client.CreateBuildAsync(new CreateBuildRequest("order", yaml), CancellationToken.None);

    private Task<BuildDto> WaitForAsync(string buildId, Func<BuildDto, bool> done, string what)
        => StackApi.WaitAsync(() => Up.Api.Client.GetBuildAsync(buildId, CancellationToken.None), done, what, 90);

    private static string State(BuildDto build, string key) => build.Jobs.Single(j => j.Key == key).State;
}
