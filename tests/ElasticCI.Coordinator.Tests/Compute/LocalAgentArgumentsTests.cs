using ElasticCI.Compute;
using ElasticCI.Compute.Local;
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

    [Fact]
    public void For_StackWithoutPluginMirror_NoFlag()
        => Assert.DoesNotContain("--plugin-mirror", LocalAgentArguments.For(new LaunchRequest("i-1", new StackDefinition { Name = "s", Queue = "s" }, "http://127.0.0.1:1", "t"), "/tmp/i"));
}
