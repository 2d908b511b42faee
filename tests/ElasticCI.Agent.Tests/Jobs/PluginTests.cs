using ElasticCI.Agent.Jobs;
using ElasticCI.Agent.Tests.Fakes;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Jobs;

public sealed class PluginTests(ITestOutputHelper output) : IDisposable
{
    private readonly JobRunnerFixture _fixture = new(output);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task RunAsync_LocalPluginWithCommandHook_WrapsTheCommandWithItsConfiguration()
    {
        var plugin = WrapPlugin();
        var hooks = _fixture.NewDirectory("hooks");
        File.WriteAllText(Path.Combine(hooks, "post-command"), "echo \"leak=${BUILDKITE_PLUGIN_WRAP_GREETING-none} name=${BUILDKITE_PLUGIN_NAME-none}\"\n");
        var plugins = JobLifecycleTests.Plugins(("file://" + plugin.Bare + "#main", new { greeting = "hello", list = new[] { "a", "b" }, nested = new { key = "v", flag = true } }));
        var setup = new RunnerSetup { HooksPath = hooks, PluginsPath = _fixture.NewDirectory("plugins") };

        var result = await _fixture.CreateRunner(setup).RunAsync(Job("echo inner-command", plugins), new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 0, log);
        Assert.Contains("~~~ Running plugin wrap command hook", log);
        Assert.Contains("\nbefore greeting=hello list=a,b nested=v flag=true name=WRAP\n", log);
        Assert.Contains("\ninner-command\nafter\n", log);
        Assert.Contains("BUILDKITE_PLUGIN_CONFIGURATION={\"greeting\":\"hello\"", log);
        Assert.Contains("\nleak=none name=none\n", log);

        // The same source and version is checked out once per instance; a second job reuses it.
        var secondApi = new FakeAgentApi();
        var second = await _fixture.CreateRunner(new RunnerSetup { Api = secondApi, HooksPath = hooks, PluginsPath = setup.PluginsPath })
            .RunAsync(Job("echo again", plugins), new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);
        Assert.Equal(0, second.ExitStatus);
        Assert.DoesNotContain("Cloning into", secondApi.LogText);
        Assert.Contains("\nagain\n", secondApi.LogText);
        Assert.Single(Directory.GetDirectories(setup.PluginsPath!));
    }

    [Fact]
    public async Task RunAsync_PluginNotAllowed_RefusesTheJobBeforeAnythingRuns()
    {
        var plugin = WrapPlugin();
        var hooks = _fixture.NewDirectory("hooks");
        File.WriteAllText(Path.Combine(hooks, "environment"), "echo environment-ran\n");
        var setup = new RunnerSetup { HooksPath = hooks, AllowedPlugins = ["^https://github\\.com/acme/"], PluginsPath = _fixture.NewDirectory("plugins") };

        var result = await _fixture.CreateRunner(setup)
            .RunAsync(Job("echo must-not-run", JobLifecycleTests.Plugins((plugin.Bare, new { }))), new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);

        AssertRefused(result, $"plugin {plugin.Bare}");
        Assert.DoesNotContain("environment-ran", _fixture.Api.LogText);
    }

    [Fact]
    public async Task RunAsync_PluginAllowed_Runs()
    {
        var plugin = WrapPlugin();
        var setup = new RunnerSetup { AllowedPlugins = ["^/.*wrap-buildkite-plugin\\.git$"], PluginsPath = _fixture.NewDirectory("plugins") };

        var result = await _fixture.CreateRunner(setup)
            .RunAsync(Job("echo inner", JobLifecycleTests.Plugins((plugin.Bare, new { greeting = "hi" }))), new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);

        Assert.True(result.ExitStatus == 0, _fixture.Api.LogText);
        Assert.Contains("\ninner\n", _fixture.Api.LogText);
    }

    [Fact]
    public async Task RunAsync_PluginsDisabled_RefusesTheJob()
    {
        var result = await _fixture.CreateRunner(new RunnerSetup { PluginsEnabled = false })
            .RunAsync(Job("echo must-not-run", JobLifecycleTests.Plugins(("docker#v5.0.0", new { image = "x" }))), new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);

        AssertRefused(result, "plugins are disabled");
    }

    [Fact]
    public async Task RunAsync_RepositoryNotAllowed_RefusesTheJob()
    {
        var job = JobRunnerFixture.Job("echo must-not-run", new Dictionary<string, string> { ["BUILDKITE_REPO"] = "https://evil.example/x.git" });

        var result = await _fixture.CreateRunner(new RunnerSetup { AllowedRepositories = ["^https://github\\.com/acme/"] })
            .RunAsync(job, new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        AssertRefused(result, "repository https://evil.example/x.git does not match");
    }

    [Fact]
    public async Task RunAsync_HookRedirectsToRepositoryNotAllowed_RefusesTheCheckout()
    {
        var hooks = _fixture.NewDirectory("hooks");
        File.WriteAllText(Path.Combine(hooks, "environment"), "export BUILDKITE_REPO=https://evil.example/x.git\n");
        var job = JobRunnerFixture.Job("echo must-not-run", new Dictionary<string, string> { ["BUILDKITE_REPO"] = "https://github.com/acme/app.git" });

        var result = await _fixture.CreateRunner(new RunnerSetup { HooksPath = hooks, AllowedRepositories = ["^https://github\\.com/acme/"] })
            .RunAsync(job, new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(-1, result.ExitStatus);
        Assert.Contains("This agent refused the checkout: repository https://evil.example/x.git does not match", _fixture.Api.LogText);
        Assert.DoesNotContain("must-not-run\n", _fixture.Api.LogText.Replace("$ echo must-not-run", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_NoCommandEval_RunsOnlyScriptsFromTheRepository()
    {
        var repo = GitRepo.Create(_fixture.NewDirectory("repos"), "app");
        Directory.CreateDirectory(Path.Combine(repo.Work, "ci"));
        File.WriteAllText(Path.Combine(repo.Work, "ci", "test.sh"), "#!/bin/bash\necho script-ran\n");
        File.SetUnixFileMode(Path.Combine(repo.Work, "ci", "test.sh"), (UnixFileMode)0b111_101_101);
        repo.Commit("app");
        Dictionary<string, string> Env() => new() { ["BUILDKITE_REPO"] = repo.Bare, ["BUILDKITE_BRANCH"] = "main", ["BUILDKITE_COMMIT"] = "HEAD" };
        var setup = new RunnerSetup { CommandEval = false };

        var script = await _fixture.CreateRunner(setup).RunAsync(JobRunnerFixture.Job("ci/test.sh", Env()), new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);
        var inlineApi = new FakeAgentApi();
        var inline = await _fixture.CreateRunner(new RunnerSetup { Api = inlineApi, CommandEval = false })
            .RunAsync(JobRunnerFixture.Job("echo arbitrary", Env()), new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        Assert.True(script.ExitStatus == 0, _fixture.Api.LogText);
        Assert.Contains("\nscript-ran\n", _fixture.Api.LogText);
        Assert.Equal(1, inline.ExitStatus);
        Assert.Contains("only runs scripts from the repository", inlineApi.LogText);
        Assert.DoesNotContain("\narbitrary\n", inlineApi.LogText);
    }

    private void AssertRefused(JobResult result, string reason)
    {
        Assert.Equal(-1, result.ExitStatus);
        Assert.Equal(SignalReasons.AgentRefused, result.SignalReason);
        Assert.Equal("agent_refused", _fixture.Api.Finished.Task.Result.SignalReason);
        var log = _fixture.Api.LogText;
        Assert.Contains("This agent refused the job: ", log);
        Assert.Contains(reason, log);
        Assert.DoesNotContain("must-not-run\n", log.Replace("$ echo must-not-run", "", StringComparison.Ordinal));
    }

    private GitRepo WrapPlugin()
    {
        var plugin = GitRepo.Create(_fixture.NewDirectory("plugins-src"), "wrap-buildkite-plugin");
        plugin.Commit("plugin", ("hooks/command", """
            echo "before greeting=$BUILDKITE_PLUGIN_WRAP_GREETING list=$BUILDKITE_PLUGIN_WRAP_LIST_0,$BUILDKITE_PLUGIN_WRAP_LIST_1 nested=$BUILDKITE_PLUGIN_WRAP_NESTED_KEY flag=$BUILDKITE_PLUGIN_WRAP_NESTED_FLAG name=$BUILDKITE_PLUGIN_NAME"
            echo "BUILDKITE_PLUGIN_CONFIGURATION=$BUILDKITE_PLUGIN_CONFIGURATION" >&2
            bash -e -c "$BUILDKITE_COMMAND"
            echo after

            """));
        return plugin;
    }

    private static Protocol.Agents.JobAssignment Job(string command, string plugins)
        => JobRunnerFixture.Job(command, new Dictionary<string, string> { ["BUILDKITE_JOB_ID"] = "job-1", ["BUILDKITE_PLUGINS"] = plugins });
}
