using ElasticCI.Agent.Jobs.Plugins;

namespace ElasticCI.Agent.Tests.Jobs.Plugins;

public sealed class PluginReferenceTests
{
    [Theory]
    [InlineData("docker-compose#v5.0.0", "https://github.com/buildkite-plugins/docker-compose-buildkite-plugin", "v5.0.0", "DOCKER_COMPOSE", false)]
    [InlineData("acme/cache#v1.2.3", "https://github.com/acme/cache-buildkite-plugin", "v1.2.3", "CACHE", false)]
    [InlineData("github.com/acme/lint-buildkite-plugin#main", "https://github.com/acme/lint-buildkite-plugin", "main", "LINT", false)]
    [InlineData("https://git.example/x/my.plugin.git#abc", "https://git.example/x/my.plugin.git", "abc", "MY_PLUGIN", false)]
    [InlineData("file:///srv/plugins/probe-buildkite-plugin.git", "file:///srv/plugins/probe-buildkite-plugin.git", null, "PROBE", false)]
    [InlineData("/srv/plugins/probe", "/srv/plugins/probe", null, "PROBE", false)]
    [InlineData("./.buildkite/plugins/local", "./.buildkite/plugins/local", null, "LOCAL", true)]
    public void Parse_Source_ExpandsLikeThePipelineFormat(string source, string location, string? version, string name, bool vendored)
    {
        var plugin = PluginReference.Parse(source, "null");

        Assert.Equal(location, plugin.Location);
        Assert.Equal(version, plugin.Version);
        Assert.Equal(name, plugin.Name);
        Assert.Equal(vendored, plugin.Vendored);
    }

    [Fact]
    public void Environment_NestedConfiguration_IsFlattenedWithUpperCaseKeys()
    {
        var plugin = PluginReference.Parse("docker-compose#v5", """{"run":"app","env":["A=1","B"],"build-args":{"x.y":2,"ok":true,"none":null}}""");

        var env = plugin.Environment();

        Assert.Equal("DOCKER_COMPOSE", env["BUILDKITE_PLUGIN_NAME"]);
        Assert.Equal("app", env["BUILDKITE_PLUGIN_DOCKER_COMPOSE_RUN"]);
        Assert.Equal("A=1", env["BUILDKITE_PLUGIN_DOCKER_COMPOSE_ENV_0"]);
        Assert.Equal("B", env["BUILDKITE_PLUGIN_DOCKER_COMPOSE_ENV_1"]);
        Assert.Equal("2", env["BUILDKITE_PLUGIN_DOCKER_COMPOSE_BUILD_ARGS_X_Y"]);
        Assert.Equal("true", env["BUILDKITE_PLUGIN_DOCKER_COMPOSE_BUILD_ARGS_OK"]);
        Assert.Equal("", env["BUILDKITE_PLUGIN_DOCKER_COMPOSE_BUILD_ARGS_NONE"]);
        Assert.StartsWith("{\"run\":\"app\"", env["BUILDKITE_PLUGIN_CONFIGURATION"]);
    }

    [Fact]
    public void TryParseAll_ArrayOfOneKeyObjectsAndStrings_KeepsOrder()
    {
        Assert.True(PluginReference.TryParseAll("""[{"a/one#v1":{"k":"v"}},"two#v2",{"/abs/three":null}]""", out var plugins, out _));

        Assert.Equal(["a/one#v1", "two#v2", "/abs/three"], plugins.Select(p => p.Source));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("not json")]
    public void TryParseAll_Malformed_ReportsAnError(string json)
    {
        Assert.False(PluginReference.TryParseAll(json, out _, out var error));
        Assert.Contains("BUILDKITE_PLUGINS", error);
    }
}
