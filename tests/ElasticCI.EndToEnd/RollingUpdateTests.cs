using System.Text.Json;

namespace ElasticCI.EndToEnd;

/// <summary>`stack apply` on a running `up`: a rolling update during a running build, and a bad file that changes nothing.</summary>
public sealed class RollingUpdateTests : IAsyncLifetime
{
    private const string Config = """
        stacks:
          - Name: roll
            Queue: roll
            MaxSize: 4
            InstanceType: small
            ScaleInIdlePeriod: 600
            Isolation: none
        """;

    private ConfiguredUp? _up;

    private ConfiguredUp Up => _up!;

    public async Task InitializeAsync() => _up = await ConfiguredUp.StartAsync("roll", Config);

    public async Task DisposeAsync()
    {
        if (_up is not null)
        {
            await _up.DisposeAsync();
        }
    }

    [Fact]
    public async Task Apply_InstanceTypeChangedDuringRunningBuild_NoJobInterruptedAndAllInstancesEndOnNewRevision()
    {
        var release = Path.Combine(Up.Directory, "release");
        var pipeline = Path.Combine(Up.Directory, "pipeline.yml");
        await File.WriteAllTextAsync(pipeline, $$"""
            steps:
              - label: long
                command: 'while [ ! -f {{release}} ]; do sleep 0.1; done; echo "finished on $$BUILDKITE_AGENT_NAME"'
                parallelism: 2
                agents: { queue: roll }
            """);
        var build = Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "build", pipeline, "--pipeline", "roll", "--watch", "--output", "json");
        var before = await StackApi.WaitAsync(() => Up.Api.StackAsync("roll"),
            s => s!.Instances.Count(i => i.Agents.Any(a => a.State == "busy")) == 2, "both jobs running");
        var oldRevision = before!.Revision;

        await File.WriteAllTextAsync(Path.Combine(Up.Directory, "v2.yml"), Config.Replace("InstanceType: small", "InstanceType: large", StringComparison.Ordinal));
        var apply = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "stack", "apply", "v2.yml");
        Assert.True(apply.ExitCode == 0, apply.Error);
        Assert.Contains("instance revision", apply.Output, StringComparison.Ordinal);

        // Both busy outdated instances are retired (no new job) only once a replacement is ready; their jobs keep running.
        var retiring = await StackApi.WaitAsync(() => Up.Api.Client.GetStackActivityAsync("roll", 200, CancellationToken.None),
            a => a.Events.Count(e => e.Action == "retire") == 2, "two retire events", 60);
        var during = await Up.Api.StackAsync("roll");
        Assert.Equal(2, during!.Outdated);
        Assert.NotNull(during.Rollout);
        var text = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "stack", "status");
        Assert.Contains("rolling update in progress", text.Output, StringComparison.Ordinal);
        await File.WriteAllTextAsync(release, "go");

        var (exit, output, error) = await build;
        Assert.True(exit == 0, $"{output}\n{error}");
        using var result = JsonDocument.Parse(output);
        Assert.Equal("passed", result.RootElement.GetProperty("state").GetString());
        var jobs = result.RootElement.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("passed", j.GetProperty("state").GetString()));

        var after = await StackApi.WaitAsync(() => Up.Api.StackAsync("roll"),
            s => s!.Outdated == 0 && s.Instances.Where(i => i.State != "terminated").All(i => i.Revision == s.Revision), "every instance on the new revision");
        Assert.NotEqual(oldRevision, after!.Revision);
        Assert.Contains(after.Instances, i => i.State is "running" && i.Revision == after.Revision);
        var activity = await Up.Api.Client.GetStackActivityAsync("roll", 200, CancellationToken.None);
        Assert.Contains(activity.Events, e => e.Action == "config" && e.Reason.Contains("InstanceType", StringComparison.Ordinal));
        Assert.Contains(activity.Events, e => e.Action == "launch" && e.Reason.Contains("rolling update", StringComparison.Ordinal));
        Assert.Contains(activity.Events, e => e.Action == "rollout-done");
        Assert.All(retiring.Events.Where(e => e.Action == "retire"), e => Assert.Contains("retiring busy outdated", e.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_InvalidFile_Exit2ListsEveryProblemAndNothingChanges()
    {
        var before = await Up.Api.StackAsync("roll");
        await File.WriteAllTextAsync(Path.Combine(Up.Directory, "bad.yml"), Config.Replace("MaxSize: 4", "MaxSize: -1\n    Bogus: 1\n    InstanceType: big", StringComparison.Ordinal)
            .Replace("    InstanceType: small\n", "", StringComparison.Ordinal) + "\n  - Name: second\n    Queue: other\n    MaxSize: -3\n");

        var (exit, _, error) = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "stack", "apply", "bad.yml");
        var missing = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "stack", "apply", "no-such.yml");

        Assert.Equal(2, exit);
        Assert.Contains("unknown parameter 'Bogus'", error, StringComparison.Ordinal);
        Assert.Contains("stack 'second'", error, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        var stacks = (await Up.Api.Client.GetStacksAsync(CancellationToken.None)).Stacks;
        var after = Assert.Single(stacks);
        Assert.Equal((before!.MaxSize, before.Revision), (after.MaxSize, after.Revision));
    }

    [Fact]
    public async Task Sighup_ConfigFileChanged_AddsAndRemovesStacksAndResizes()
    {
        var file = Path.Combine(Up.Directory, "elastic-ci.yml");
        await File.WriteAllTextAsync(file, Config.Replace("MaxSize: 4", "MaxSize: 6", StringComparison.Ordinal) + "\n  - Name: extra\n    Queue: extra\n");

        await SighupAsync();
        var stacks = await StackApi.WaitAsync(() => Up.Api.Client.GetStacksAsync(CancellationToken.None), l => l.Stacks.Any(s => s.Name == "extra"), "stack extra added");
        Assert.Equal(6, stacks.Stacks.Single(s => s.Name == "roll").MaxSize);

        // A bad file on SIGHUP changes nothing, and the coordinator keeps running.
        await File.WriteAllTextAsync(file, "stacks: [ {Name: roll, MaxSize: lots} ]");
        await SighupAsync();
        await File.WriteAllTextAsync(file, Config);
        await SighupAsync();
        var final = await StackApi.WaitAsync(() => Up.Api.Client.GetStacksAsync(CancellationToken.None), l => l.Stacks.All(s => s.Name != "extra"), "stack extra removed");
        Assert.Equal(4, final.Stacks.Single().MaxSize);
        Assert.False(Up.Coordinator.Process.HasExited);
        var roll = await Up.Api.Client.GetStackActivityAsync("roll", 200, CancellationToken.None);
        Assert.Contains(roll.Events, e => e.Action == "config" && e.Reason.Contains("MaxSize 4 → 6", StringComparison.Ordinal));
    }

    private async Task SighupAsync()
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-HUP", Up.Coordinator.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }
}
