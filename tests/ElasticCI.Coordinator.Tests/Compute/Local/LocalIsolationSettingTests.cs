using ElasticCI.Compute.Local.Settings;
using ElasticCI.Stacks;
using static ElasticCI.Coordinator.Tests.Compute.Local.LocalStackParsing;

namespace ElasticCI.Coordinator.Tests.Compute.Local;

public sealed class LocalIsolationSettingTests
{
    [Fact]
    public void Parse_NoIsolation_Sandbox()
        => Assert.Equal(StackIsolation.Sandbox, LocalStackSettings.Of(ParseOne("stacks: [{Name: ci}]")).Isolation);

    [Theory]
    [InlineData("none", "none")]
    [InlineData("None", "none")]
    [InlineData("SANDBOX", "sandbox")]
    public void Parse_KnownIsolation_ReadCaseInsensitively(string value, string expected)
        => Assert.Equal(expected, LocalStackSettings.Of(ParseOne($"stacks: [{{Name: ci, Isolation: {value}}}]")).Isolation);

    [Fact]
    public void Parse_UnknownIsolation_RefusedNamingTheKnownValues()
        => Assert.Equal(["elastic-ci.yml: stack 'ci': Isolation 'chroot' is not known (known: sandbox, none)"], Parse("stacks: [{Name: ci, Isolation: chroot}]").Errors);

    [Fact]
    public void Parse_EmptyIsolation_RefusedWithItsLine()
        => Assert.Equal(["elastic-ci.yml:1: Isolation must be a non-empty string"], Parse("stacks: [{Name: ci, Isolation: ''}]").Errors);

    [Fact]
    public void InstanceRevision_IsolationChanged_NewRevision()
    {
        var stack = With(new StackDefinition { Name = "ci" });
        var none = With(stack, ("Isolation", StackIsolation.None));

        Assert.NotEqual(InstanceRevision.Of(stack), InstanceRevision.Of(none));
        Assert.Equal(["Isolation"], InstanceRevision.Changes(stack, none));
    }

    // The revision a default local stack had when Isolation and the Docker parameters were Core's own: instances launched
    // before them are not outdated by the move.
    [Fact]
    public void InstanceRevision_ParsedDefaults_SameAsBeforeProviderSettings()
    {
        const string Text = "Provider=local\nInstanceType=local\nQueue=default\nAgentsPerInstance=1\nBootstrapScriptUrl=\nAgentEnvFileUrl=\n"
            + "BuildkiteTerminateInstanceAfterJob=false\nBuildkiteAgentDisconnectAfterUptime=0\nIsolation=sandbox\nDockerEngine=none\n"
            + "EnableDockerExperimental=false\nDockerNetworkingProtocol=ipv4";
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Text)))[..12];

        Assert.Equal(expected, InstanceRevision.Of(ParseOne("stacks: [{Name: ci}]")));
    }
}
