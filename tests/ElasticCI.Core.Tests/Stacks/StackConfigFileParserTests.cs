namespace ElasticCI.Stacks;

public sealed class StackConfigFileParserTests
{
    [Fact]
    public void Parse_MaxInstancesAnyCase_Read()
    {
        var (config, errors) = StackParsing.ParseFile("maxinstances: 5\nstacks:\n  - Name: a\n", "f.yml");

        Assert.Empty(errors);
        Assert.Equal(5, config.MaxInstances);
        Assert.Single(config.Stacks);
    }

    [Fact]
    public void Parse_NoMaxInstances_NoBudget()
    {
        var (config, errors) = StackParsing.ParseFile("stacks:\n  - Name: a\n", "f.yml");

        Assert.Empty(errors);
        Assert.Null(config.MaxInstances);
    }

    [Fact]
    public void Parse_StoreKey_ReadAsGiven()
    {
        var (config, errors) = StackParsing.ParseFile("store: postgres://u:p@db:5432/ci\nstacks:\n  - Name: a\n", "f.yml");

        Assert.Empty(errors);
        Assert.Equal("postgres://u:p@db:5432/ci", config.Store);
    }

    [Theory]
    [InlineData("store: ", "store must be sqlite or a postgres:// URL")]
    [InlineData("store: [a]", "store must be sqlite or a postgres:// URL")]
    [InlineData("MaxInstances: 0", "MaxInstances must be a whole number of at least 1")]
    [InlineData("MaxInstances: lots", "got 'lots'")]
    [InlineData("MaxInstances: 1\nstacks:\n  - Name: b\n    MinSize: 2\n    MaxSize: 2", "below the sum of the stacks' MinSize (2)")]
    [InlineData("Stackz: []", "unknown top-level key 'Stackz'")]
    public void Parse_BadTopLevel_Refused(string yaml, string expected)
    {
        var text = yaml.Contains("stacks:", StringComparison.Ordinal) ? yaml : yaml + "\nstacks:\n  - Name: a\n";

        var (_, errors) = StackParsing.ParseFile(text, "f.yml");

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MaxSurge: -1", "MaxSurge must be 0 or more")]
    [InlineData("MaxUnavailable: -2", "MaxUnavailable must be 0 or more")]
    [InlineData("MaxSurge: 0\n    MaxUnavailable: 0", "cannot both be 0")]
    [InlineData("MetricsSource: cloudwatch", "MetricsSource must be 'local' or 'buildkite'")]
    [InlineData("MetricsSource: buildkite", "needs BuildkiteAgentTokenFile")]
    [InlineData("MetricsSource: buildkite\n    BuildkiteAgentTokenFile: /t\n    BuildkiteAgentEndpoint: ftp://x", "absolute http(s) URL")]
    [InlineData("BuildkiteAgentTokenFile: /t", "apply only with MetricsSource: buildkite")]
    [InlineData("MetricsSource: buildkite\n    BuildkiteAgentTokenFile: /t\n    MinPollInterval: 0", "MinPollInterval must be at least 1 second")]
    public void Parse_BadRolloutOrMetricsParameters_Refused(string parameters, string expected)
    {
        var (_, errors) = StackParsing.ParseFile($"stacks:\n  - Name: a\n    {parameters}\n", "f.yml");

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_RolloutAndMetricsParameters_Read()
    {
        var (config, errors) = StackParsing.ParseFile("""
            stacks:
              - Name: a
                maxsurge: 2
                MaxUnavailable: 1
                MetricsSource: Buildkite
                BuildkiteAgentEndpoint: http://127.0.0.1:9/v3
                BuildkiteAgentTokenFile: /tmp/token
                MinPollInterval: 3
            """, "f.yml");

        Assert.Empty(errors);
        var stack = Assert.Single(config.Stacks);
        Assert.Equal((2, 1, "buildkite", "http://127.0.0.1:9/v3", "/tmp/token", TimeSpan.FromSeconds(3)),
            (stack.MaxSurge, stack.MaxUnavailable, stack.MetricsSource, stack.BuildkiteAgentEndpoint, stack.BuildkiteAgentTokenFile, stack.MinPollInterval));
    }

    [Fact]
    public void InstanceRevision_SizingChange_SameRevision()
    {
        var stack = new StackDefinition { Name = "a" };

        Assert.Equal(InstanceRevision.Of(stack), InstanceRevision.Of(stack with { Scaling = stack.Scaling with { MaxSize = 7, MinSize = 1 }, ScaleInIdlePeriod = TimeSpan.FromSeconds(5) }));
    }

    [Fact]
    public void InstanceRevision_InstanceSettingChange_NewRevisionNamingTheSetting()
    {
        var stack = new StackDefinition { Name = "a" };
        var changed = stack with { InstanceType = "big", AgentEnvFileUrl = "/etc/env" };

        Assert.NotEqual(InstanceRevision.Of(stack), InstanceRevision.Of(changed));
        Assert.Equal(["InstanceType", "AgentEnvFileUrl"], InstanceRevision.Changes(stack, changed));
    }
}
