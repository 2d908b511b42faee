using ElasticCI.Agent.Jobs.Plugins;

namespace ElasticCI.Agent.Tests.Jobs.Plugins;

public sealed class PluginMirrorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("elastic-ci-mirror-unit-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("https://github.com/buildkite-plugins/docker-buildkite-plugin", "github.com/buildkite-plugins/docker-buildkite-plugin")]
    [InlineData("https://user:pw@github.com:443/org/x-buildkite-plugin.git/", "github.com/org/x-buildkite-plugin")]
    [InlineData("ssh://git@github.com/org/y-buildkite-plugin.git", "github.com/org/y-buildkite-plugin")]
    [InlineData("git@github.com:org/z-buildkite-plugin.git", "github.com/org/z-buildkite-plugin")]
    [InlineData("https://evil.example/../../etc/passwd", "evil.example/etc/passwd")]
    public void HostPath_GitUrls_HostAndPathWithoutCredentialsOrDotGit(string location, string expected)
        => Assert.Equal(expected, PluginMirror.HostPath(location));

    [Fact]
    public void Resolve_UrlMirror_OfficialShortNameMapsUnderHostPath()
    {
        var mirror = PluginMirror.Parse("http://mirror.internal/git/", out var error)!;
        Assert.Null(error);
        var docker = PluginReference.Parse("docker#v5.12.0", "null");

        var resolved = mirror.Resolve(docker.Location);

        Assert.Equal(new MirroredLocation("http://mirror.internal/git/github.com/buildkite-plugins/docker-buildkite-plugin", true, null), resolved);
    }

    [Fact]
    public void Resolve_DirectoryMirror_BareRepositoryFound_MissingOneNamesThePath()
    {
        Directory.CreateDirectory(Path.Combine(_root, "github.com/buildkite-plugins/docker-buildkite-plugin.git"));
        var mirror = PluginMirror.Parse(_root, out _)!;

        var found = mirror.Resolve("https://github.com/buildkite-plugins/docker-buildkite-plugin");
        var missing = mirror.Resolve("https://github.com/buildkite-plugins/docker-compose-buildkite-plugin");

        Assert.Equal(Path.Combine(_root, "github.com/buildkite-plugins/docker-buildkite-plugin.git"), found.Location);
        Assert.Null(found.Missing);
        Assert.Equal($"{_root}/github.com/buildkite-plugins/docker-compose-buildkite-plugin does not exist", missing.Missing);
    }

    [Fact]
    public void Resolve_RewritesFirst_UnmatchedUsedAsWritten_LocalPathsNeverRewritten()
    {
        var mirror = PluginMirror.Parse("https://github.com/buildkite-plugins/=file:///srv/official/ ; https://github.com/acme/=/srv/acme/", out _)!;

        Assert.Equal("file:///srv/official/docker-buildkite-plugin", mirror.Resolve("https://github.com/buildkite-plugins/docker-buildkite-plugin").Location);
        Assert.Equal("/srv/acme/tool-buildkite-plugin", mirror.Resolve("https://github.com/acme/tool-buildkite-plugin").Location);
        Assert.False(mirror.Resolve("https://gitlab.com/other/p-buildkite-plugin").Mirrored);
        Assert.False(mirror.Resolve("/opt/plugins/local").Mirrored);
    }

    [Theory]
    [InlineData("relative/dir", "is neither an absolute directory nor a URL")]
    [InlineData("FROM=", "must be FROM=TO with both sides set")]
    [InlineData("/a;http://b", "two catch-all entries")]
    public void Parse_BadSetting_NullWithReason(string value, string expected)
    {
        Assert.Null(PluginMirror.Parse(value, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Empty_NoMirrorNoError()
    {
        Assert.Null(PluginMirror.Parse("  ", out var error));
        Assert.Null(error);
    }
}
