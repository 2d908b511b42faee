namespace ElasticCI.Agent.Tests;

public sealed class AgentOptionsValidatorTests
{
    private static AgentOptions Valid() => new()
    {
        ServerUrl = "http://127.0.0.1:5080",
        RegistrationToken = "token",
        BuildPath = "/tmp/builds",
    };

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        var result = new AgentOptionsValidator().Validate(null, Valid());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_EmptyOptions_ReportsEveryRequiredSetting()
    {
        var result = new AgentOptionsValidator().Validate(null, new AgentOptions());

        Assert.True(result.Failed);
        var failures = string.Join('\n', result.Failures!);
        Assert.Contains("ServerUrl", failures);
        Assert.Contains("RegistrationToken", failures);
        Assert.Contains("BuildPath", failures);
    }

    [Fact]
    public void Validate_BadValues_CollectsAllFailures()
    {
        var options = Valid();
        options.ServerUrl = "ftp://example/";
        options.Spawn = 0;
        options.DisconnectAfterIdleTimeout = TimeSpan.Zero;
        options.CancelGracePeriod = TimeSpan.FromSeconds(-1);
        options.ParentPid = 0;

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Equal(5, result.Failures!.Count());
    }

    [Fact]
    public void Validate_BadDiskSettings_ReportedTogether()
    {
        var options = Valid();
        options.DiskMinFreeBytes = -1;
        options.DiskFullAction = "explode";

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Equal(
            ["DiskMinFreeBytes and DiskMinFreeInodes must be 0 or more, were -1 and 250000.", "DiskFullAction must be one of fail-job, unhealthy, was 'explode'."],
            result.Failures);
    }

    [Fact]
    public void Validate_DisconnectAfterUptimeZero_Fails()
    {
        var options = Valid();
        options.DisconnectAfterUptime = TimeSpan.Zero;

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Contains("DisconnectAfterUptime must be positive", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 1, 1, "host-99")]
    [InlineData(null, 3, 2, "host-99-2")]
    [InlineData("box", 1, 1, "box")]
    [InlineData("box", 2, 2, "box-2")]
    public void ForWorker_NameAndSpawn_AppendsIndexOnlyForSeveralWorkers(string? name, int spawn, int index, string expected)
    {
        var options = Valid();
        options.Name = name;
        options.Spawn = spawn;

        Assert.Equal(expected, AgentNames.ForWorker(options, index, "host", 99));
    }

    [Theory]
    [InlineData("my-pipeline", "my-pipeline")]
    [InlineData("../..", "-")]
    [InlineData("..", "_")]
    [InlineData("a/b c", "a-b-c")]
    public void PathSegment_UnsafeValue_BecomesSingleSafeSegment(string value, string expected)
    {
        Assert.Equal(expected, AgentNames.PathSegment(value));
    }

    [Fact]
    public void Validate_RelativePathsAndBadRegexes_AreReported()
    {
        var options = Valid();
        options.HooksPath = "hooks";
        options.PluginsPath = "./plugins";
        options.GitMirrorsPath = "mirrors";
        options.AllowedPlugins = ["^ok$", "([unclosed"];
        options.AllowedRepositories = ["*bad"];

        var result = new AgentOptionsValidator().Validate(null, options);

        var failures = string.Join('\n', result.Failures!);
        Assert.Contains("HooksPath must be an absolute path", failures);
        Assert.Contains("PluginsPath must be an absolute path", failures);
        Assert.Contains("GitMirrorsPath must be an absolute path", failures);
        Assert.Contains("AllowedPlugins entry '([unclosed'", failures);
        Assert.Contains("AllowedRepositories entry '*bad'", failures);
        Assert.DoesNotContain("'^ok$'", failures);
    }

    [Fact]
    public void Validate_AbsolutePathsAndGoodRegexes_Succeed()
    {
        var options = Valid();
        options.HooksPath = "/etc/elastic-ci/hooks";
        options.PluginsPath = "/var/lib/elastic-ci/plugins";
        options.GitMirrorsPath = "/var/lib/elastic-ci/git-mirrors";
        options.AllowedPlugins = ["^https://github\\.com/acme/"];
        options.AllowedRepositories = ["^git@github\\.com:acme/"];

        Assert.True(new AgentOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("http://a:1,http://b:2", true)]
    [InlineData(" http://a:1 , https://b:2/ci ", true)]
    [InlineData("http://a:1,,http://b:2", false)]
    [InlineData("http://a:1,mailto:x@y", false)]
    public void Validate_SeveralServerUrls_EachMustBeHttp(string serverUrl, bool valid)
    {
        var options = Valid();
        options.ServerUrl = serverUrl;

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        Assert.Equal(valid ? 2 : 0, options.ServerUrls.Count);
    }
}
