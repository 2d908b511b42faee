namespace ElasticCI.Stacks;

public sealed class StackDockerParameterTests
{
    private const string File = "elastic-ci.yml";

    [Fact]
    public void Parse_NoDockerParameters_NoEngineAndTheOriginalDefaults()
    {
        var docker = Assert.Single(StackConfigParser.Parse("stacks: [{Name: ci}]", File).Stacks).Docker;

        Assert.Equal(StackDockerEngines.None, docker.Engine);
        Assert.True(docker.UserNamespaceRemap);
        Assert.False(docker.Experimental);
        Assert.Equal(StackDockerNetworking.Ipv4, docker.NetworkingProtocol);
        Assert.True(docker.LoginPlugin);
    }

    [Fact]
    public void Parse_EngineAndParameters_ReadCaseInsensitively()
    {
        var (stacks, errors) = StackConfigParser.Parse(
            "stacks: [{Name: ci, DockerEngine: Rootless, EnableDockerExperimental: true, DockerNetworkingProtocol: DualStack, EnableDockerLoginPlugin: false}]", File);

        Assert.Empty(errors);
        var docker = Assert.Single(stacks).Docker;
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
    public void Parse_BadDockerSettings_RefusedWithTheReason(string settings, string expected)
    {
        var errors = StackConfigParser.Parse($"stacks: [{{Name: ci, {settings}}}]", File).Errors;

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_RemapFalseWithoutEngine_Accepted()
        => Assert.Empty(StackConfigParser.Parse("stacks: [{Name: ci, EnableDockerUserNamespaceRemap: false}]", File).Errors);

    [Fact]
    public void InstanceRevision_EngineChanged_NewRevision()
    {
        var stack = new StackDefinition { Name = "ci" };
        var engine = stack with { Docker = stack.Docker with { Engine = StackDockerEngines.Rootless } };

        Assert.NotEqual(InstanceRevision.Of(stack), InstanceRevision.Of(engine));
        Assert.Contains("DockerEngine", InstanceRevision.Changes(stack, engine));
    }
}
