using ElasticCI.Compute;
using ElasticCI.Compute.Local;
using ElasticCI.Coordinator.Tests.Compute.Local;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Tests.Compute;

public sealed class LocalAgentArgumentsTests
{
    [Fact]
    public void For_StackWithPluginMirror_PassesItToTheAgentsAsOneArgument()
    {
        var stack = new StackDefinition { Name = "air", Queue = "air", PluginMirror = "/srv/plugins;https://github.com/acme/=https://git.internal/acme/" };

        var args = LocalAgentArguments.For(new LaunchRequest("i-1", stack, "http://127.0.0.1:1", "token"), "/tmp/instance");

        var at = args.ToList().IndexOf("--plugin-mirror");
        Assert.True(at >= 0, string.Join(' ', args));
        Assert.Equal("/srv/plugins;https://github.com/acme/=https://git.internal/acme/", args[at + 1]);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void For_EnableDockerLoginPlugin_FalseTurnsTheAgentsLoginOff(bool loginPlugin, bool flagged)
    {
        var stack = LocalStackParsing.With(new StackDefinition { Name = "s", Queue = "s" }, ("EnableDockerLoginPlugin", loginPlugin ? "true" : "false"));

        var args = LocalAgentArguments.For(new LaunchRequest("i-1", stack, "http://127.0.0.1:1", "t"), "/tmp/i");

        Assert.Equal(flagged, args.Contains("--no-docker-login"));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/srv/nonexistent-mirror-7c1", null)]
    [InlineData("https://git.internal/mirror", null)]
    [InlineData("/;https://github.com/=https://git.internal/", null)]
    [InlineData("relative/dir", null)]
    public void MirrorDirectory_OnlyOneExistingAbsoluteDirectoryIsBoundIntoTheSandbox(string mirror, string? expected)
        => Assert.Equal(expected, LocalAgentArguments.MirrorDirectory(new StackDefinition { Name = "s", Queue = "s", PluginMirror = mirror }));

    [Fact]
    public void For_StackWithoutPluginMirror_NoFlag()
        => Assert.DoesNotContain("--plugin-mirror", LocalAgentArguments.For(new LaunchRequest("i-1", new StackDefinition { Name = "s", Queue = "s" }, "http://127.0.0.1:1", "t"), "/tmp/i"));
}
