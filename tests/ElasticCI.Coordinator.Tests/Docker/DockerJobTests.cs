namespace ElasticCI.Coordinator.Tests.Docker;

/// <summary>
/// The plugin mirror on a real coordinator and agent: official references resolve to the mirror at their tag, a missing
/// plugin fails with one line. Registry login, the docker-login plugin and the docker-plugin-style step run on
/// `elastic-ci up`'s per-instance engines (tests/ElasticCI.EndToEnd/Docker).
/// </summary>
[Collection(DockerJobsCollection.Name)]
public sealed class DockerJobTests(DockerJobsFixture fixture)
{
    private CoordinatorFixture Coordinator => fixture.Coordinator;

    [Fact]
    public async Task PluginMirror_ShortAndFullReferences_ResolveToTheMirror_MissingEntryFailsWithOneLine()
    {
        var build = await Coordinator.CreateBuildAsync("""
            steps:
              - label: short
                command: "true"
                plugins:
                  - docker-login#v3.0.0:
                      username: nobody
                      server: 127.0.0.1:1
                      password-env: UNSET_PASSWORD
                env:
                  DOCKER_HOST: unix:///nonexistent.sock
              - label: full
                command: "true"
                plugins:
                  - github.com/buildkite-plugins/docker-login-buildkite-plugin#v3.0.0:
                      username: nobody
                      server: 127.0.0.1:1
                env:
                  DOCKER_HOST: unix:///nonexistent.sock
              - label: missing
                command: "true"
                plugins:
                  - docker-compose#v5.0.0:
                      run: app
            """, pipeline: "mirror");

        var done = await Coordinator.WaitForPassedOrFailedAsync(build.Id);

        var short_ = await Coordinator.LogAsync(done.Jobs[0].Id);
        var full = await Coordinator.LogAsync(done.Jobs[1].Id);
        var missing = await Coordinator.LogAsync(done.Jobs[2].Id);
        // Both spellings were fetched from the mirror at the tag (the unreleased commit on main would print otherwise).
        foreach (var log in new[] { short_, full })
        {
            Assert.Contains($"from the plugin mirror {fixture.Mirror.Root}/github.com/buildkite-plugins/docker-login-buildkite-plugin.git", log, StringComparison.Ordinal);
            Assert.Contains("docker-login plugin v3.0.0 from the mirror", log, StringComparison.Ordinal);
            Assert.DoesNotContain("unreleased plugin version ran", log, StringComparison.Ordinal);
        }
        Assert.Equal("failed", done.Jobs[2].State);
        var expected = $"Plugin docker-compose#v5.0.0 is not in the plugin mirror: {fixture.Mirror.Root}/github.com/buildkite-plugins/docker-compose-buildkite-plugin does not exist";
        Assert.Single(missing.Split('\n'), line => line.Contains(expected, StringComparison.Ordinal));
    }
}
