namespace ElasticCI.Coordinator.Tests.Agents;

/// <summary>`elastic-ci agent start --config FILE`: buildkite-agent.cfg format, precedence flag > environment > file > default.</summary>
public sealed class AgentConfigTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task AgentStart_GoodConfigFile_AppliesFileValuesUnderEnvironmentAndFlags()
    {
        var hooks = Directory.CreateDirectory(Path.Combine(_fixture.DataDirectory, "cfg-hooks")).FullName;
        await File.WriteAllTextAsync(Path.Combine(hooks, "environment"), "export FROM_CONFIG_HOOK=yes\n");
        var config = await WriteAsync("""
            # An agent config in the original's format.
            name="file-name"
            tags="os=linux,size=large"
            priority="5"
            queue = 'file-queue'
            hooks-path="HOOKS"

            spawn=1
            disconnect-after-job=false
            """.Replace("HOOKS", hooks, StringComparison.Ordinal));
        _fixture.AgentEnvironment["ELASTIC_CI_AGENT_PRIORITY"] = "7";

        // Flags name the agent and its queue, so those file values lose; priority comes from the environment.
        _fixture.StartAgent("agent-cfg", 1, "default", extraArgs: ["--config", config]);
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: echo "hook=$FROM_CONFIG_HOOK agent=$BUILDKITE_AGENT_NAME"
                agents:
                  os: linux
                  size: large
            """);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        Assert.True(done.State == "passed", log);
        Assert.Contains("hook=yes agent=agent-cfg", log, StringComparison.Ordinal);
        Assert.Equal(7L, await _fixture.QueryStoreAsync("SELECT priority FROM agents WHERE name = 'agent-cfg'"));
    }

    [Fact]
    public async Task AgentStart_ConfigFromEnvironmentVariable_IsRead()
    {
        var config = await WriteAsync("priority=\"3\"\n");
        _fixture.AgentEnvironment["BUILDKITE_AGENT_CONFIG"] = config;

        _fixture.StartAgent("agent-env-cfg");
        await _fixture.WaitForIdleAgentsAsync(1);

        Assert.Equal(3L, await _fixture.QueryStoreAsync("SELECT priority FROM agents WHERE name = 'agent-env-cfg'"));
    }

    [Theory]
    [InlineData("colour=\"blue\"\n", ":1: unknown key 'colour'")]
    [InlineData("# ok\npriority=\"high\"\n", ":2: priority: 'high' is not a whole number")]
    [InlineData("spawn=-1\n", ":1: spawn: '-1' is not a whole number of 0 or more")]
    [InlineData("no-plugins=\"maybe\"\n", ":1: no-plugins: 'maybe' is not true or false")]
    [InlineData("no-docker-login=\"sometimes\"\n", ":1: no-docker-login: 'sometimes' is not true or false")]
    [InlineData("tags=\"queue\"\n", ":1: tags: 'queue' is not k=v")]
    [InlineData("health-check-addr=\"nowhere\"\n", ":1: health-check-addr: 'nowhere' is not HOST:PORT")]
    [InlineData("\njust some words\n", ":2: expected key=\"value\"")]
    [InlineData("name=\"unterminated\n", ":1: name: the value has an unterminated quote")]
    [InlineData("queue=a\nqueue=b\n", ":2: queue is set twice (first at ")]
    public async Task AgentStart_BadConfigFile_ExitsTwoWithFileLineAndRule(string content, string expected)
    {
        var config = await WriteAsync(content);
        var buildPath = Path.Combine(_fixture.DataDirectory, "bad-cfg-builds");

        var (exit, _, error) = await _fixture.RunCliAsync("agent", "start", "--config", config, "--build-path", buildPath);

        Assert.Equal(2, exit);
        Assert.Contains(config + expected, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(buildPath), "nothing may start with a bad config file");
        Assert.Equal(0L, await _fixture.QueryStoreAsync("SELECT COUNT(*) FROM agents"));
    }

    [Theory]
    [InlineData("relative/dir", "--plugin-mirror: plugin mirror 'relative/dir' is neither an absolute directory nor a URL")]
    [InlineData("=file:///x", "--plugin-mirror: plugin mirror entry '=file:///x' must be FROM=TO with both sides set")]
    [InlineData("/a;/b", "--plugin-mirror: plugin mirror has two catch-all entries ('/a' and '/b')")]
    public async Task AgentStart_BadPluginMirror_ExitsTwoNamingTheEntry(string mirror, string expected)
    {
        var buildPath = Path.Combine(_fixture.DataDirectory, "bad-mirror-builds");

        var (exit, _, error) = await _fixture.RunCliAsync("agent", "start", "--plugin-mirror", mirror, "--build-path", buildPath);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(buildPath), "nothing may start with a bad plugin mirror");
    }

    [Fact]
    public async Task AgentStart_MissingConfigFile_ExitsTwo()
    {
        var missing = Path.Combine(_fixture.DataDirectory, "missing.cfg");

        var (exit, _, error) = await _fixture.RunCliAsync("agent", "start", "--config", missing);

        Assert.Equal(2, exit);
        Assert.Contains(missing + ": the config file does not exist", error, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(string content)
    {
        var path = Path.Combine(_fixture.DataDirectory, $"agent-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(path, content);
        return path;
    }
}
