using System.Text.Json;
using ElasticCI.Agent.Jobs;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Jobs;

public sealed class JobLifecycleTests(ITestOutputHelper output) : IDisposable
{
    private readonly JobRunnerFixture _fixture = new(output);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task RunAsync_HooksFromAgentRepositoryAndPlugin_RunInOrderAndCarryEnvironmentAndDirectory()
    {
        var hooks = _fixture.NewDirectory("hooks");
        foreach (var phase in new[] { "environment", "pre-checkout", "post-checkout", "pre-command", "post-command", "pre-exit" })
        {
            File.WriteAllText(Path.Combine(hooks, phase), $"echo agent-{phase}\n");
        }
        File.AppendAllText(Path.Combine(hooks, "environment"), "export FROM_AGENT=a\nexport TO_UNSET=x\n");
        var app = GitRepo.Create(_fixture.NewDirectory("repos"), "app");
        app.Commit("app",
            (".buildkite/hooks/post-checkout", "echo \"local-post-checkout agent=$FROM_AGENT\"\nunset TO_UNSET\nmkdir -p sub\ncd sub\n"),
            (".buildkite/hooks/pre-command", "echo \"local-pre-command pwd=$PWD\"\nexport FROM_REPO=r\n"),
            (".buildkite/hooks/post-command", "echo local-post-command\n"),
            (".buildkite/hooks/pre-exit", "echo local-pre-exit\n"),
            // Repository hooks for phases before checkout are never used.
            (".buildkite/hooks/environment", "echo local-environment-must-not-run\n"));
        var plugin = GitRepo.Create(_fixture.NewDirectory("plugins-src"), "probe-buildkite-plugin");
        plugin.Commit("plugin",
            ("hooks/environment", "echo \"plugin-environment mode=$BUILDKITE_PLUGIN_PROBE_MODE\"\n"),
            ("hooks/pre-command", "echo \"plugin-pre-command repo=$FROM_REPO\"\nexport FROM_PLUGIN=p\n"),
            ("hooks/post-command", "echo \"plugin-post-command status=$BUILDKITE_COMMAND_EXIT_STATUS\"\n"),
            ("hooks/pre-exit", "echo plugin-pre-exit\n"));
        var job = JobRunnerFixture.Job(
            "echo \"cmd pwd=$(pwd) a=$FROM_AGENT r=$FROM_REPO p=$FROM_PLUGIN unset=${TO_UNSET-gone} mode=${BUILDKITE_PLUGIN_PROBE_MODE-none}\"",
            new Dictionary<string, string>
            {
                ["BUILDKITE_JOB_ID"] = "job-1",
                ["BUILDKITE_REPO"] = app.Bare,
                ["BUILDKITE_BRANCH"] = "main",
                ["BUILDKITE_COMMIT"] = "HEAD",
                ["BUILDKITE_PLUGINS"] = Plugins((plugin.Bare + "#main", new { mode = "strict" })),
            });
        var runner = _fixture.CreateRunner(new RunnerSetup { HooksPath = hooks, PluginsPath = _fixture.NewDirectory("plugins") });

        var result = await runner.RunAsync(job, new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 0, log);
        Assert.Equal(
        [
            "~~~ Running global environment hook",
            "~~~ Running plugin probe environment hook",
            "~~~ Running global pre-checkout hook",
            "~~~ Running global post-checkout hook",
            "~~~ Running local post-checkout hook",
            "~~~ Running global pre-command hook",
            "~~~ Running local pre-command hook",
            "~~~ Running plugin probe pre-command hook",
            "~~~ Running commands",
            "~~~ Running global post-command hook",
            "~~~ Running local post-command hook",
            "~~~ Running plugin probe post-command hook",
            "~~~ Running global pre-exit hook",
            "~~~ Running local pre-exit hook",
            "~~~ Running plugin probe pre-exit hook",
        ], log.Split('\n').Where(line => line.StartsWith("~~~ Running", StringComparison.Ordinal)));
        var checkout = Path.Combine(_fixture.BuildPath, "test-agent", "my-pipeline");
        Assert.Contains("\nplugin-environment mode=strict\n", log);
        Assert.Contains("\nlocal-post-checkout agent=a\n", log);
        Assert.Contains($"\nlocal-pre-command pwd={checkout}/sub\n", log);
        Assert.Contains("\nplugin-pre-command repo=r\n", log);
        // The plugin's configuration was only visible to its own hooks.
        Assert.Contains($"\ncmd pwd={checkout}/sub a=a r=r p=p unset=gone mode=none\n", log);
        Assert.Contains("\nplugin-post-command status=0\n", log);
        Assert.DoesNotContain("local-environment-must-not-run", log);
    }

    [Theory]
    [InlineData(null, 3, null, null, 3)]
    [InlineData(null, 3, 5, null, 5)]
    [InlineData(null, 3, 5, 7, 7)]
    [InlineData(null, 0, null, 7, 7)]
    [InlineData(4, 0, 5, null, 4)]
    [InlineData(4, 0, null, 7, 7)]
    public async Task RunAsync_FailingPhases_ReportExitStatusByPrecedence(int? preCommand, int command, int? postCommand, int? preExit, int expected)
    {
        var hooks = _fixture.NewDirectory("hooks");
        foreach (var (phase, status) in new[] { ("pre-command", preCommand), ("post-command", postCommand), ("pre-exit", preExit) })
        {
            File.WriteAllText(Path.Combine(hooks, phase), $"echo ran-{phase}\nexit {status ?? 0}\n");
        }
        var job = JobRunnerFixture.Job($"echo ran-command\nexit {command}");

        var result = await _fixture.CreateRunner(new RunnerSetup { HooksPath = hooks }).RunAsync(job, new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(expected, result.ExitStatus);
        Assert.Equal(expected, (await _fixture.Api.Finished.Task).ExitStatus);
        var log = _fixture.Api.LogText;
        // pre-exit always runs; a failed pre-command skips the command and post-command.
        Assert.Contains("\nran-pre-exit\n", log);
        Assert.Equal(preCommand is null, log.Contains("\nran-command\n", StringComparison.Ordinal));
        Assert.Equal(preCommand is null, log.Contains("\nran-post-command\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_FailingCommand_PreExitSeesItsStatus()
    {
        var hooks = _fixture.NewDirectory("hooks");
        File.WriteAllText(Path.Combine(hooks, "pre-exit"), "echo \"pre-exit command=$BUILDKITE_COMMAND_EXIT_STATUS\"\n");

        var result = await _fixture.CreateRunner(new RunnerSetup { HooksPath = hooks }).RunAsync(JobRunnerFixture.Job("exit 9"), new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(9, result.ExitStatus);
        Assert.Contains("\npre-exit command=9\n", _fixture.Api.LogText);
    }

    [Fact]
    public async Task RunAsync_CheckoutAndCommandHooks_OnlyOneOfEachTakesEffect()
    {
        var hooks = _fixture.NewDirectory("hooks");
        File.WriteAllText(Path.Combine(hooks, "checkout"), "echo agent-checkout\n");
        File.WriteAllText(Path.Combine(hooks, "command"), "echo agent-command\n");
        var plugin = GitRepo.Create(_fixture.NewDirectory("plugins-src"), "runner-buildkite-plugin");
        plugin.Commit("plugin", ("hooks/command", "echo \"plugin-command $BUILDKITE_PLUGIN_RUNNER_ARGS_1\"\n"));
        var job = JobRunnerFixture.Job("echo built-in-command", new Dictionary<string, string>
        {
            ["BUILDKITE_REPO"] = "/nonexistent/repository.git",
            ["BUILDKITE_PLUGINS"] = Plugins((plugin.Bare, new { args = new[] { "a", "b" } })),
        });

        var result = await _fixture.CreateRunner(new RunnerSetup { HooksPath = hooks, PluginsPath = _fixture.NewDirectory("plugins") })
            .RunAsync(job, new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 0, log);
        Assert.Contains("\nagent-checkout\n", log);
        Assert.Contains("\nplugin-command b\n", log);
        Assert.DoesNotContain("agent-command", log);
        Assert.DoesNotContain("built-in-command\n", log.Replace("$ echo built-in-command", "", StringComparison.Ordinal));
    }

    internal static string Plugins(params (string Source, object Config)[] plugins)
        => JsonSerializer.Serialize(plugins.Select(p => new Dictionary<string, object> { [p.Source] = p.Config }));
}
