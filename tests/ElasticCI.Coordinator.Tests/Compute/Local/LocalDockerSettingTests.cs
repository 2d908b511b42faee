using ElasticCI.Compute.Local.Settings;
using ElasticCI.Stacks;
using static ElasticCI.Coordinator.Tests.Compute.Local.LocalStackParsing;

namespace ElasticCI.Coordinator.Tests.Compute.Local;

public sealed class LocalDockerSettingTests
{
    [Fact]
    public void Parse_NoDockerParameters_NoEngineAndTheOriginalDefaults()
    {
        var docker = LocalStackSettings.Of(ParseOne("stacks: [{Name: ci}]")).Docker;

        Assert.Equal(StackDockerEngines.None, docker.Engine);
        Assert.True(docker.UserNamespaceRemap);
        Assert.False(docker.Experimental);
        Assert.Equal(StackDockerNetworking.Ipv4, docker.NetworkingProtocol);
        Assert.True(docker.LoginPlugin);
    }

    [Fact]
    public void Parse_EngineAndParameters_ReadCaseInsensitively()
    {
        var docker = LocalStackSettings.Of(ParseOne(
            "stacks: [{Name: ci, DockerEngine: Rootless, EnableDockerExperimental: true, DockerNetworkingProtocol: DualStack, EnableDockerLoginPlugin: false}]")).Docker;

        Assert.Equal(StackDockerEngines.Rootless, docker.Engine);
        Assert.True(docker.Experimental);
        Assert.Equal(StackDockerNetworking.DualStack, docker.NetworkingProtocol);
        Assert.False(docker.LoginPlugin);
    }

    [Theory]
    [InlineData("DockerEngine: podman", "DockerEngine 'podman' is not known (known: rootless, none)")]
    [InlineData("DockerNetworkingProtocol: ipv6", "DockerNetworkingProtocol 'ipv6' is not known (known: ipv4, dualstack)")]
    [InlineData("DockerEngine: rootless, Isolation: none", "DockerEngine 'rootless' needs 'Isolation: sandbox'")]
    [InlineData("DockerEngine: rootless, EnableDockerUserNamespaceRemap: false", "EnableDockerUserNamespaceRemap: false is not supported with DockerEngine 'rootless'")]
    [InlineData("EnableDockerExperimental: sometimes", "elastic-ci.yml:1: EnableDockerExperimental must be true or false, got 'sometimes'")]
    public void Parse_BadDockerSettings_RefusedWithTheReason(string settings, string expected)
        => Assert.Contains(Parse($"stacks: [{{Name: ci, {settings}}}]").Errors, e => e.Contains(expected, StringComparison.Ordinal));

    [Fact]
    public void Parse_RemapFalseWithoutEngine_Accepted()
        => Assert.Empty(Parse("stacks: [{Name: ci, EnableDockerUserNamespaceRemap: false}]").Errors);

    [Fact]
    public void InstanceRevision_EngineChanged_NewRevision()
    {
        var stack = With(new StackDefinition { Name = "ci" });
        var engine = With(stack, ("DockerEngine", StackDockerEngines.Rootless));

        Assert.NotEqual(InstanceRevision.Of(stack), InstanceRevision.Of(engine));
        Assert.Contains("DockerEngine", InstanceRevision.Changes(stack, engine));
    }

    [Fact]
    public void InstanceRevision_DockerLoginTurnedOff_NewRevision_DefaultKeepsTheOldOne()
    {
        // The agents get --no-docker-login at launch, so turning the login off must roll the instances.
        var stack = With(new StackDefinition { Name = "ci" });
        var explicitOn = With(stack, ("EnableDockerLoginPlugin", "true"));
        var off = With(stack, ("EnableDockerLoginPlugin", "false"));

        Assert.Equal(InstanceRevision.Of(stack), InstanceRevision.Of(explicitOn));
        Assert.NotEqual(InstanceRevision.Of(stack), InstanceRevision.Of(off));
        Assert.Contains("EnableDockerLoginPlugin", InstanceRevision.Changes(stack, off));
    }
}
