using System.Text;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Tests.Docker;

/// <summary>
/// Docker jobs end to end on a real coordinator, agent, registry and rootless engine: the plugin mirror, registry login
/// from the secrets store (and its failure), a docker-plugin-style step with the in-job buildkite-agent mounted.
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

    [Fact]
    public async Task RegistryLogin_SecretsStoreCredentials_PushThenPullPasses()
    {
        var registry = fixture.Containers.RegistryAddress;
        await PutAsync("push-ok/env",
            $"DOCKER_LOGIN_USER={fixture.Containers.Registry.User}\nDOCKER_LOGIN_PASSWORD={fixture.Containers.Registry.Password}\nDOCKER_LOGIN_SERVER={registry}\n");
        var build = await Coordinator.CreateBuildAsync($"""
            steps:
              - label: push and pull
                command: |
                  docker tag elastic-ci-test/busybox:1 {registry}/ci/busybox:pushed
                  docker push {registry}/ci/busybox:pushed
                  docker rmi {registry}/ci/busybox:pushed
                  docker pull {registry}/ci/busybox:pushed
                  docker run --rm {registry}/ci/busybox:pushed echo "pulled image ran"
                  echo "leaked? $DOCKER_LOGIN_PASSWORD"
            {fixture.StepEnv}
            """, pipeline: "push-ok");

        var done = await Coordinator.WaitForPassedOrFailedAsync(build.Id);

        var log = await Coordinator.LogAsync(done.Jobs[0].Id);
        Assert.True(done.State == "passed", log);
        Assert.Contains("Login Succeeded", log, StringComparison.Ordinal);
        Assert.Contains("pulled image ran", log, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Containers.Registry.Password, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DockerLoginPlugin_DocumentedConfigFromTheMirror_LogsInAndPushes()
    {
        var registry = fixture.Containers.RegistryAddress;
        await PutAsync("login-plugin/env", $"MY_REGISTRY_PASSWORD={fixture.Containers.Registry.Password}\n");
        var config = Directory.CreateTempSubdirectory("elastic-ci-login-plugin-config-").FullName;
        try
        {
            var build = await Coordinator.CreateBuildAsync($"""
                steps:
                  - command: |
                      docker tag elastic-ci-test/busybox:1 {registry}/ci/plugin:1
                      docker push {registry}/ci/plugin:1
                    env:
                      DOCKER_HOST: "{fixture.Containers.Engine.Host}"
                      DOCKER_CONFIG: "{config}"
                    plugins:
                      - docker-login#v3.0.0:
                          username: {fixture.Containers.Registry.User}
                          password-env: MY_REGISTRY_PASSWORD
                          server: {registry}
                """, pipeline: "login-plugin");

            var done = await Coordinator.WaitForPassedOrFailedAsync(build.Id);

            var log = await Coordinator.LogAsync(done.Jobs[0].Id);
            Assert.True(done.State == "passed", log);
            Assert.Contains("docker-login plugin v3.0.0 from the mirror", log, StringComparison.Ordinal);
            Assert.Contains("Login Succeeded", log, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Containers.Registry.Password, log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    [Fact]
    public async Task RegistryLogin_WrongPassword_FailsWithTheRegistryMessage_PasswordNotInLog()
    {
        const string Wrong = "wrong-password-7f3a9c";
        await PutAsync("push-bad/env",
            $"DOCKER_LOGIN_USER={fixture.Containers.Registry.User}\nDOCKER_LOGIN_PASSWORD={Wrong}\nDOCKER_LOGIN_SERVER={fixture.Containers.RegistryAddress}\n");
        var build = await Coordinator.CreateBuildAsync($"""
            steps:
              - command: echo "the command must not run"
            {fixture.StepEnv}
            """, pipeline: "push-bad");

        var done = await Coordinator.WaitForPassedOrFailedAsync(build.Id);

        var log = await Coordinator.LogAsync(done.Jobs[0].Id);
        Assert.Equal("failed", done.State);
        Assert.Contains("unauthorized", log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"Docker login to {fixture.Containers.RegistryAddress} failed", log, StringComparison.Ordinal);
        Assert.DoesNotContain("the command must not run\r\n", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, log, StringComparison.Ordinal);
    }

    // Skipped in the suite, passes alone: the fixture's engine runs as a throwaway user, and once an in-process CLI test
    // has set the coordinator's umask 077 for the whole test process, the agent creates the checkout 0700 and that user
    // cannot mount it. On `up` the engine is the instance's own user (no such gap); moving this test there is issue 14's
    // remaining work.
    [Fact(Skip = "fixture engine user cannot reach a 0700 checkout once another test set umask 077; see issue 14's note")]
    public async Task DockerStylePlugin_StepInImage_CheckoutEnvExitStatusAndMountedAgent()
    {
        var repo = GitRepo.Create(Coordinator.DataDirectory, "docker-app");
        repo.Commit("app", ("checked-out.txt", "from the checkout\n"));
        File.SetUnixFileMode(Coordinator.DataDirectory, (UnixFileMode)0b111_001_001);
        var build = await Coordinator.Client.CreateBuildAsync(new CreateBuildRequest("docker-style", $$"""
            steps:
              - label: inside
                command: "cat /workdir/checked-out.txt; echo \"greeting=$GREETING\"; test ! -e /usr/share/dotnet; buildkite-agent meta-data set made-in container-42"
                env:
                  GREETING: hello-propagated
                  DOCKER_HOST: "{{fixture.Containers.Engine.Host}}"
                plugins:
                  - docker#v5.12.0:
                      image: elastic-ci-test/busybox:1
                      propagate-environment: true
                      mount-buildkite-agent: true
              - wait
              - label: next step
                command: test "$(buildkite-agent meta-data get made-in)" = container-42 && echo "next step read it"
              - label: exit status
                command: "exit 3"
                env:
                  DOCKER_HOST: "{{fixture.Containers.Engine.Host}}"
                plugins:
                  - docker#v5.12.0:
                      image: elastic-ci-test/busybox:1
            """, Branch: "main", Repository: repo.Bare) { NoInterpolation = true }, CancellationToken.None);

        var done = await Coordinator.WaitForPassedOrFailedAsync(build.Id);

        var inside = await Coordinator.LogAsync(done.Jobs[0].Id);
        Assert.True(done.Jobs[0].State == "passed", inside);
        Assert.Contains("Running in elastic-ci-test/busybox:1", inside, StringComparison.Ordinal);
        Assert.Contains("TTY present, running with -it", inside, StringComparison.Ordinal);
        Assert.Contains("from the checkout", inside, StringComparison.Ordinal);
        Assert.Contains("greeting=hello-propagated", inside, StringComparison.Ordinal);
        var next = done.Jobs.Single(j => j.Label == "next step");
        Assert.True(next.State == "passed", await Coordinator.LogAsync(next.Id));
        var failing = done.Jobs.Single(j => j.Label == "exit status");
        Assert.Equal("failed", failing.State);
        Assert.Equal(3, failing.ExitStatus);
    }

    private Task PutAsync(string key, string value)
        => Coordinator.Client.PutSecretAsync(key, null, Encoding.UTF8.GetBytes(value), CancellationToken.None);
}
