namespace ElasticCI.Stacks;

public sealed class StackParameterTests
{
    private const string File = "elastic-ci.yml";

    [Fact]
    public void Parse_NoScalingParameters_OriginalDefaults()
    {
        var stack = ParseOne("stacks: [{Name: ci}]");

        Assert.Equal(StackPolicies.Elastic, stack.Policy);
        Assert.Equal((1.0, 0.0, 300.0, 3600.0), (stack.Scaling.ScaleOutFactor, stack.Scaling.ScaleInFactor, stack.Scaling.ScaleOutCooldownPeriod.TotalSeconds, stack.Scaling.ScaleInCooldownPeriod.TotalSeconds));
        Assert.Equal((false, true, false, false), (stack.Scaling.ScaleOnlyAfterAllEvent, stack.Scaling.DisableScaleIn, stack.Scaling.DisableScaleOut, stack.Scaling.ScaleOutForWaitingJobs));
        Assert.Equal((0, 0.5, 0), (stack.Scaling.InstanceBuffer, stack.Scaling.AvailabilityThreshold, stack.Scaling.MaxInstanceCap));
        Assert.Equal((600.0, false, 0.0, 100), (stack.InstanceCreationTimeout.TotalSeconds, stack.BuildkiteTerminateInstanceAfterJob,
            stack.BuildkiteAgentDisconnectAfterUptime.TotalSeconds, stack.OnDemandPercentage));
        Assert.Null(stack.BootstrapScriptUrl);
        Assert.Null(stack.AgentEnvFileUrl);
        Assert.Equal((false, "0 8 * * MON-FRI", "0 18 * * MON-FRI", 1, 0, "UTC"), (stack.EnableScheduledScaling, stack.ScaleUpSchedule,
            stack.ScaleDownSchedule, stack.ScaleUpMinSize, stack.ScaleDownMinSize, stack.ScheduleTimezone));
    }

    [Fact]
    public void Parse_EveryParameterAnyCase_Read()
    {
        var stack = ParseOne("""
            stacks:
              - name: ci
                POLICY: Buildkite
                scaleoutfactor: 0.5
                ScaleInFactor: 2
                ScaleOutCooldownPeriod: 60
                ScaleInCooldownPeriod: 120
                ScaleOnlyAfterAllEvent: true
                DisableScaleIn: false
                DisableScaleOut: True
                ScaleOutForWaitingJobs: true
                InstanceBuffer: 2
                AvailabilityThreshold: 0.25
                MaxInstanceCap: 7
                InstanceCreationTimeout: 90
                BuildkiteTerminateInstanceAfterJob: true
                BuildkiteAgentDisconnectAfterUptime: 3600
                OnDemandPercentage: 40
                BootstrapScriptUrl: https://example.com/boot.sh
                AgentEnvFileUrl: /etc/agent.env
                EnableScheduledScaling: true
                ScaleUpSchedule: 30 7 * * 1-5
                ScaleDownSchedule: 0 20 * * *
                ScaleUpMinSize: 3
                ScaleDownMinSize: 1
                ScheduleTimezone: Europe/Berlin
            """);

        Assert.Equal(StackPolicies.Buildkite, stack.Policy);
        Assert.Equal((0.5, 2.0, 60.0, 120.0), (stack.Scaling.ScaleOutFactor, stack.Scaling.ScaleInFactor, stack.Scaling.ScaleOutCooldownPeriod.TotalSeconds, stack.Scaling.ScaleInCooldownPeriod.TotalSeconds));
        Assert.Equal((true, false, true, true), (stack.Scaling.ScaleOnlyAfterAllEvent, stack.Scaling.DisableScaleIn, stack.Scaling.DisableScaleOut, stack.Scaling.ScaleOutForWaitingJobs));
        Assert.Equal((2, 0.25, 7), (stack.Scaling.InstanceBuffer, stack.Scaling.AvailabilityThreshold, stack.Scaling.MaxInstanceCap));
        Assert.Equal((90.0, true, 3600.0, 40), (stack.InstanceCreationTimeout.TotalSeconds, stack.BuildkiteTerminateInstanceAfterJob,
            stack.BuildkiteAgentDisconnectAfterUptime.TotalSeconds, stack.OnDemandPercentage));
        Assert.Equal(("https://example.com/boot.sh", "/etc/agent.env"), (stack.BootstrapScriptUrl, stack.AgentEnvFileUrl));
        Assert.Equal((true, "30 7 * * 1-5", "0 20 * * *", 3, 1, "Europe/Berlin"), (stack.EnableScheduledScaling, stack.ScaleUpSchedule,
            stack.ScaleDownSchedule, stack.ScaleUpMinSize, stack.ScaleDownMinSize, stack.ScheduleTimezone));
    }

    [Fact]
    public void Parse_BadValues_EveryProblemListed()
        => AssertErrors(
            """
            stacks:
              - Name: ci
                MaxSize: 4
                Policy: fastest
                ScaleOutFactor: fast
                DisableScaleIn: maybe
            """,
            "elastic-ci.yml:5: ScaleOutFactor must be a number, got 'fast'",
            "elastic-ci.yml:6: DisableScaleIn must be true or false, got 'maybe'");

    [Fact]
    public void Validate_BadRanges_EveryProblemListed()
        => AssertErrors(
            """
            stacks:
              - Name: ci
                MaxSize: 4
                Policy: fastest
                ScaleInFactor: -1
                InstanceBuffer: -2
                MaxInstanceCap: -3
                ScaleOutCooldownPeriod: -4
                InstanceCreationTimeout: 0
                BuildkiteAgentDisconnectAfterUptime: -1
                OnDemandPercentage: 101
                BootstrapScriptUrl: ftp://host/boot.sh
                AgentEnvFileUrl: relative/env
                ScaleUpSchedule: 0 8 * *
                ScaleDownSchedule: 61 18 * * MON-FRI
                ScheduleTimezone: Mars/Olympus
                ScaleUpMinSize: 5
                ScaleDownMinSize: -1
                EnableScheduledScaling: true
            """,
            "elastic-ci.yml: stack 'ci': Policy 'fastest' is not known (known: elastic, buildkite)",
            "elastic-ci.yml: stack 'ci': ScaleInFactor must be 0 or more, was -1",
            "elastic-ci.yml: stack 'ci': ScaleOutCooldownPeriod must be 0 or more, was -4",
            "elastic-ci.yml: stack 'ci': InstanceBuffer must be 0 or more, was -2",
            "elastic-ci.yml: stack 'ci': MaxInstanceCap must be 0 or more, was -3",
            "elastic-ci.yml: stack 'ci': BuildkiteAgentDisconnectAfterUptime must be 0 or more, was -1",
            "elastic-ci.yml: stack 'ci': InstanceCreationTimeout must be at least 1 second, was 0",
            "elastic-ci.yml: stack 'ci': OnDemandPercentage must be between 0 and 100, was 101",
            "elastic-ci.yml: stack 'ci': BootstrapScriptUrl 'ftp://host/boot.sh' must be an absolute path or a s3/ssm/https/http/file URL",
            "elastic-ci.yml: stack 'ci': AgentEnvFileUrl 'relative/env' must be an absolute path or a s3/ssm/https/http/file URL",
            "elastic-ci.yml: stack 'ci': ScaleUpSchedule '0 8 * *' is not a five-field cron expression (minute hour day-of-month month day-of-week)",
            "elastic-ci.yml: stack 'ci': ScaleDownSchedule '61 18 * * MON-FRI' is not a five-field cron expression (minute hour day-of-month month day-of-week)",
            "elastic-ci.yml: stack 'ci': ScheduleTimezone 'Mars/Olympus' is not a known IANA time zone (e.g. UTC, Europe/Berlin)",
            "elastic-ci.yml: stack 'ci': ScaleUpMinSize must be between 0 and MaxSize (4), was 5",
            "elastic-ci.yml: stack 'ci': ScaleDownMinSize must be between 0 and MaxSize (4), was -1");

    [Theory]
    [InlineData("https://example.com/env")]
    [InlineData("file:///etc/env")]
    [InlineData("/etc/env")]
    public void Parse_AgentEnvFileUrlAccepted(string url)
        => Assert.Equal(url, ParseOne($"stacks: [{{Name: ci, AgentEnvFileUrl: '{url}'}}]").AgentEnvFileUrl);

    [Fact]
    public void Parse_PluginMirror_GoodKeptBadNamed()
    {
        Assert.Equal("/srv/plugins;https://github.com/acme/=https://git.internal/acme/",
            ParseOne("stacks: [{Name: ci, PluginMirror: '/srv/plugins;https://github.com/acme/=https://git.internal/acme/'}]").PluginMirror);
        AssertErrors("stacks: [{Name: ci, PluginMirror: 'relative;=x;/a;/b'}]",
            "elastic-ci.yml: stack 'ci': PluginMirror entry 'relative' must be FROM=TO, an absolute directory or a URL",
            "elastic-ci.yml: stack 'ci': PluginMirror entry '=x' must be FROM=TO, an absolute directory or a URL",
            "elastic-ci.yml: stack 'ci': PluginMirror has more than one directory or URL entry; use FROM=TO for the others");
    }

    private static StackDefinition ParseOne(string yaml)
    {
        var (stacks, errors) = StackParsing.Parse(yaml, File);
        Assert.Empty(errors);
        return Assert.Single(stacks);
    }

    private static void AssertErrors(string yaml, params string[] expected)
        => Assert.Equal(expected, StackParsing.Parse(yaml, File).Errors);
}
