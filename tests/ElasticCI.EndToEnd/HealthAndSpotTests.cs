using System.Text.Json;

namespace ElasticCI.EndToEnd;

/// <summary>Spot interruption, dangling instances, bootstrap script and env file, disk check: real `up`, real instances, real agents.</summary>
public sealed class HealthAndSpotTests(HealthStacksFixture stacks) : IClassFixture<HealthStacksFixture>
{
    [Fact]
    public async Task Interrupt_SpotInstanceWithJobLongerThanDeadline_JobRetriedElsewhereAndBuildPasses()
    {
        var first = Path.Combine(stacks.Directory, "spot-first-attempt");
        var build = await stacks.StartBuildAsync($$"""
            steps:
              - label: long on spot
                command: "if [ -e '{{first}}' ]; then echo second attempt; else touch '{{first}}'; sleep 120; fi"
                agents: { queue: spot }
            """, "spot");
        var doomed = await HealthStacksFixture.PollAsync(async () => File.Exists(first)
            ? (await stacks.StackAsync("spot")).Instances.FirstOrDefault(i => i.Agents.Any(a => a.State == "busy"))
            : null, 60, "the first attempt to run on a spot instance");
        Assert.Equal("spot", doomed.Lifecycle);

        var (exit, output, error) = await Cli.RunAsync(stacks.Directory, stacks.Env, "stack", "interrupt", doomed.Id, "--in", "20s", "--output", "json");

        Assert.True(exit == 0, error);
        Assert.Contains(doomed.Id, output, StringComparison.Ordinal);
        var status = await stacks.StackAsync("spot");
        Assert.NotNull(status.Instances.Single(i => i.Id == doomed.Id).InterruptionDeadline);
        var (buildExit, buildOutput, buildError) = await build.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(buildExit == 0, $"{buildOutput}\n{buildError}");
        using var json = JsonDocument.Parse(buildOutput);
        Assert.Equal("passed", json.RootElement.GetProperty("state").GetString());
        var passed = json.RootElement.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("state").GetString() == "passed");
        Assert.NotEqual(doomed.Id, passed.GetProperty("agent").GetProperty("instanceId").GetString());

        var events = await HealthStacksFixture.PollAsync(async () =>
        {
            var all = await stacks.ActivityAsync("spot");
            return all.Any(e => e.InstanceId == doomed.Id && e.Action is "terminated" or "spot-terminated") ? all : null;
        }, 30, "the interrupted instance to be terminated");
        Assert.Contains(events, e => e.InstanceId == doomed.Id && e.Action == "spot-interruption");
        Assert.Contains(events, e => e.Action == "launch" && e.Reason.Contains($"replacing spot instance {doomed.Id}", StringComparison.Ordinal));
        Assert.Contains(events, e => e.InstanceId == doomed.Id && e.Action == "spot-cancel-jobs" && e.Reason.Contains("canceling 1 job(s)", StringComparison.Ordinal));
        Assert.All(events.Where(e => e.Action == "launch"), e => Assert.EndsWith("[spot]", e.Reason, StringComparison.Ordinal));
        // As text, the long spot actions keep the columns aligned: the instance id sits at one offset on every line of it.
        var text = await Cli.RunAsync(stacks.Directory, stacks.Env, "stack", "activity", "--stack", "spot", "--limit", "500");
        Assert.Equal(0, text.ExitCode);
        // Columns: date, time, stack, action, instance, reason.
        var lines = text.Output.Split('\n').Where(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, _, var action, var id, ..]
            && id == doomed.Id && action.StartsWith("spot-", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Contains(" spot-interruption ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" spot-cancel-jobs ", StringComparison.Ordinal));
        Assert.Single(lines.Select(l => l.IndexOf($" {doomed.Id} ", StringComparison.Ordinal)).Distinct());
    }

    [Fact]
    public async Task Interrupt_BadInput_ClearErrorExit2AndNothingChanges()
    {
        var onDemand = await HealthStacksFixture.PollAsync(async () => (await stacks.StackAsync("ondemand")).Instances is [var first, ..] ? first : null, 30, "the MinSize instance");

        var unknown = await Cli.RunAsync(stacks.Directory, stacks.Env, "stack", "interrupt", "no-such-instance");
        var badDuration = await Cli.RunAsync(stacks.Directory, stacks.Env, "stack", "interrupt", onDemand.Id, "--in", "soon");
        var tooLong = await Cli.RunAsync(stacks.Directory, stacks.Env, "stack", "interrupt", onDemand.Id, "--in", "61m");
        var notSpot = await Cli.RunAsync(stacks.Directory, stacks.Env, "stack", "interrupt", onDemand.Id, "--in", "30s");

        Assert.Equal((2, 2, 2, 2), (unknown.ExitCode, badDuration.ExitCode, tooLong.ExitCode, notSpot.ExitCode));
        Assert.Contains("Instance 'no-such-instance' was not found", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("notice 'soon' is not a duration like 120s, 2m or 90", badDuration.Error, StringComparison.Ordinal);
        Assert.Contains("must be between 1s and 60m", tooLong.Error, StringComparison.Ordinal);
        Assert.Contains($"instance {onDemand.Id} is on-demand", notSpot.Error, StringComparison.Ordinal);
        var after = (await stacks.StackAsync("ondemand")).Instances.Single(i => i.Id == onDemand.Id);
        Assert.Equal("on-demand", after.Lifecycle);
        Assert.Null(after.InterruptionDeadline);
        Assert.DoesNotContain(await stacks.ActivityAsync("ondemand"), e => e.Action.StartsWith("spot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Interrupt_ApiBadNotice_ProblemDocument()
    {
        var token = await File.ReadAllTextAsync(Path.Combine(stacks.Env["ELASTIC_CI_DATA_DIR"], "api-token"));
        using var http = new HttpClient { BaseAddress = new Uri(stacks.Env["ELASTIC_CI_SERVER"]) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token.Trim());

        using var response = await http.PostAsync("/api/v1/stacks/instances/anything/interrupt",
            new StringContent("""{"in":"0s"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must be between 1s and 60m", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheck_AgentStopped_InstanceTerminatedReplacedAndJobRetried()
    {
        var first = Path.Combine(stacks.Directory, "dangle-first-attempt");
        var build = await stacks.StartBuildAsync($$"""
            steps:
              - label: frozen
                command: "if [ -e '{{first}}' ]; then echo second attempt; else touch '{{first}}'; sleep 120; fi"
                agents: { queue: dangle }
                retry: { automatic: [{ exit_status: -1, limit: 1 }] }
            """, "dangle");
        var frozen = await HealthStacksFixture.PollAsync(async () => File.Exists(first)
            ? (await stacks.StackAsync("dangle")).Instances.FirstOrDefault(i => i.Agents.Any(a => a.State == "busy"))
            : null, 60, "the first attempt to run");

        // SIGSTOP: alive as processes, dead as agents.
        using (var stop = System.Diagnostics.Process.Start("kill", ["-STOP", .. HealthStacksFixture.ProcessesOf(frozen.Id).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))]))
        {
            await stop.WaitForExitAsync();
            Assert.Equal(0, stop.ExitCode);
        }

        var (exit, output, error) = await build.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"{output}\n{error}");
        var events = await stacks.ActivityAsync("dangle");
        var unhealthy = Assert.Single(events, e => e.Action == "unhealthy");
        Assert.Equal(frozen.Id, unhealthy.InstanceId);
        Assert.Contains("dangling: no live agent since", unhealthy.Reason, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Action == "terminated" && e.InstanceId == frozen.Id);
        Assert.Equal(2, events.Count(e => e.Action == "launch"));
        Assert.Empty(HealthStacksFixture.ProcessesOf(frozen.Id));
    }

    [Fact]
    public async Task Bootstrap_HttpScriptAndEnvFile_MarkerAndValuesVisibleToJob()
    {
        var marker = Path.Combine(stacks.Directory, "bootstrap-marker");
        // A script file, so no dollar sign meets pipeline interpolation.
        var check = Path.Combine(stacks.Directory, "check-boot.sh");
        await File.WriteAllTextAsync(check, $"""
            set -e
            grep -q 'bootstrap ran for boot' '{marker}'
            [ "$GREETING" = 'hello from the env file' ]
            [ "$PLAIN" = 'single quoted' ]
            """);
        var build = await stacks.StartBuildAsync($$"""
            steps:
              - label: sees bootstrap
                command: "bash '{{check}}'"
                agents: { queue: boot }
            """, "boot");

        var (exit, output, error) = await build.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit == 0, $"{output}\n{error}");
        Assert.True(stacks.BootstrapDownloads >= 1);
        Assert.Contains("/instances/boot-", await File.ReadAllTextAsync(marker), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiskCheck_TerminateInstanceOnDiskFull_JobFailsAgentUnhealthyInstanceReplaced()
    {
        var sick = await HealthStacksFixture.PollAsync(async () => (await stacks.StackAsync("diskfull")).Instances.FirstOrDefault(i => i.State == "running"), 30, "the MinSize instance");
        var build = await stacks.StartBuildAsync("""
            steps:
              - label: needs inodes
                command: "echo should not run"
                agents: { queue: diskfull }
            """, "diskfull", json: false);

        var (exit, output, _) = await build.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        Assert.Contains("< required 9223372036854775807", output, StringComparison.Ordinal);
        Assert.Contains("This agent is now unhealthy", output, StringComparison.Ordinal);
        var events = await HealthStacksFixture.PollAsync(async () =>
        {
            var all = await stacks.ActivityAsync("diskfull");
            return all.Any(e => e.Action == "launch" && e.InstanceId != sick.Id) ? all : null;
        }, 30, "a replacement for the unhealthy instance");
        Assert.Contains(events, e => e.InstanceId == sick.Id && e.Action == "terminated"
            && e.Reason.Contains("its agent reported itself unhealthy (disk space below the threshold", StringComparison.Ordinal)
            && !e.Reason.Contains("unexpectedly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DiskCheck_ImpossibleThreshold_JobFailsCleanlyBeforeCheckoutAgentKeepsRunning()
    {
        var ran = Path.Combine(stacks.Directory, "disk-job-ran");
        var build = await stacks.StartBuildAsync($$"""
            steps:
              - label: needs disk
                command: "touch '{{ran}}'"
                agents: { queue: disk }
            """, "disk", json: false);

        var (exit, output, _) = await build.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        Assert.Contains("Disk-space check failed before checkout: not enough disk on the build path: free space", output, StringComparison.Ordinal);
        Assert.Contains("< required 9223372036854775807 bytes", output, StringComparison.Ordinal);
        Assert.False(File.Exists(ran));
        var instance = Assert.Single((await stacks.StackAsync("disk")).Instances);
        Assert.Equal("running", instance.State);
        Assert.All(instance.Agents, a => Assert.Equal("idle", a.State));
    }
}
