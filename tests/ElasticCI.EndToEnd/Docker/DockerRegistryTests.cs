namespace ElasticCI.EndToEnd.Docker;

/// <summary>
/// Registry login and the docker plugins on `up`'s per-instance engines (issue 14): credentials from the secrets store
/// (and a wrong password), the docker-login plugin from the mirror, <c>EnableDockerLoginPlugin</c> both ways, and a
/// docker-plugin-style step with the checkout and the in-job buildkite-agent mounted into the container.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DockerRegistryTests(DockerEngineFixture docker)
{
    [Fact]
    public async Task RegistryLogin_SecretsStoreCredentials_PushThenPullPasses()
    {
        var registry = docker.RegistryAddress;
        await docker.PutSecretAsync("push-ok/env",
            $"DOCKER_LOGIN_USER={docker.Registry.User}\nDOCKER_LOGIN_PASSWORD={docker.Registry.Password}\nDOCKER_LOGIN_SERVER={registry}\n");

        var (build, log) = await docker.BuildAsync("push-ok", $"""
            steps:
              - label: push and pull
                agents: {"{"} queue: dock {"}"}
                command: |
                  {DockerEngineFixture.Image}
                  docker tag {DockerEngineFixture.ImageName} {registry}/ci/busybox:pushed
                  docker push {registry}/ci/busybox:pushed
                  docker rmi {registry}/ci/busybox:pushed
                  docker pull {registry}/ci/busybox:pushed
                  docker run --rm {registry}/ci/busybox:pushed echo "pulled image ran"
                  echo "leaked? $DOCKER_LOGIN_PASSWORD"
            """);

        Assert.True(build.State == "passed", log);
        Assert.Contains("Login Succeeded", log, StringComparison.Ordinal);
        Assert.Contains("pulled image ran", log, StringComparison.Ordinal);
        Assert.DoesNotContain(docker.Registry.Password, log, StringComparison.Ordinal);
        Assert.Contains("pushed", await docker.RegistryTagsAsync("ci/busybox"));
    }

    [Fact]
    public async Task DockerLoginPlugin_DocumentedConfigFromTheMirror_LogsInAndPushes()
    {
        var registry = docker.RegistryAddress;
        await docker.PutSecretAsync("login-plugin/env", $"MY_REGISTRY_PASSWORD={docker.Registry.Password}\n");

        var (build, log) = await docker.BuildAsync("login-plugin", $"""
            steps:
              - agents: {"{"} queue: dock {"}"}
                command: |
                  {DockerEngineFixture.Image}
                  docker tag {DockerEngineFixture.ImageName} {registry}/ci/plugin:1
                  docker push {registry}/ci/plugin:1
                plugins:
                  - docker-login#v3.0.0:
                      username: {docker.Registry.User}
                      password-env: MY_REGISTRY_PASSWORD
                      server: {registry}
            """);

        Assert.True(build.State == "passed", log);
        Assert.Contains("docker-login plugin v3.0.0 from the mirror", log, StringComparison.Ordinal);
        Assert.Contains("Login Succeeded", log, StringComparison.Ordinal);
        Assert.DoesNotContain(docker.Registry.Password, log, StringComparison.Ordinal);
        Assert.Contains("1", await docker.RegistryTagsAsync("ci/plugin"));
    }

    [Fact]
    public async Task RegistryLogin_WrongPassword_FailsWithTheRegistryMessage_PasswordNotInLog()
    {
        const string Wrong = "wrong-password-7f3a9c";
        await docker.PutSecretAsync("push-bad/env",
            $"DOCKER_LOGIN_USER={docker.Registry.User}\nDOCKER_LOGIN_PASSWORD={Wrong}\nDOCKER_LOGIN_SERVER={docker.RegistryAddress}\n");

        var (build, log) = await docker.BuildAsync("push-bad", """
            steps:
              - agents: { queue: dock }
                command: echo "the command must not run"
            """);

        Assert.Equal("failed", build.State);
        Assert.Contains("unauthorized", log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"Docker login to {docker.RegistryAddress} failed", log, StringComparison.Ordinal);
        Assert.DoesNotContain("the command must not run\r\n", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, log, StringComparison.Ordinal);
    }

    // dock has `EnableDockerLoginPlugin: true`, plain `false`. The pipeline asks for the login in both (as a pipeline may
    // only turn it off): with the stack's true the login runs (and fails on the wrong password, so it surely ran); with
    // false it does not run at all, and the command does.
    [Theory]
    [InlineData("dock", true)]
    [InlineData("plain", false)]
    public async Task EnableDockerLoginPlugin_StackValue_DecidesWhetherTheLoginRuns(string queue, bool loginRuns)
    {
        var pipeline = "login-" + queue;
        await docker.PutSecretAsync(pipeline + "/env",
            $"DOCKER_LOGIN_USER={docker.Registry.User}\nDOCKER_LOGIN_PASSWORD=not-the-password\nDOCKER_LOGIN_SERVER={docker.RegistryAddress}\n");

        var (build, log) = await docker.BuildAsync(pipeline, $$"""
            steps:
              - agents: { queue: {{queue}} }
                env:
                  DOCKER_LOGIN_PLUGIN_ENABLED: "true"
                command: 'echo "the command ran: $((6 * 7))"'
            """);

        Assert.Equal(loginRuns ? "failed" : "passed", build.State);
        Assert.Equal(loginRuns, log.Contains($"Logging in to {docker.RegistryAddress}", StringComparison.Ordinal));
        Assert.Equal(!loginRuns, log.Contains("the command ran: 42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DockerStylePlugin_StepInImage_CheckoutEnvExitStatusAndMountedAgent()
    {
        var name = "docker-app-" + Guid.NewGuid().ToString("N")[..8];
        var repo = Testing.GitRepo.Create(docker.Mirror.Root, name);
        // Jobs may land on either dock instance, each with its own engine: the repository's pre-command hook builds the image.
        repo.Commit("app", ("checked-out.txt", "from the checkout\n"), (".buildkite/hooks/pre-command", DockerEngineFixture.Image + "\n"));
        // Served over git://, as a remote repository is: the instances' users would refuse a local root-owned one.
        await using var daemon = await GitDaemon.StartAsync(docker.Mirror.Root);

        var (build, log) = await docker.BuildAsync("docker-style", $$"""
            steps:
              - label: inside
                agents: { queue: dock }
                command: "cat /workdir/checked-out.txt; echo \"greeting=$GREETING\"; test ! -e /usr/share/dotnet; buildkite-agent meta-data set made-in container-42"
                env:
                  GREETING: hello-propagated
                plugins:
                  - docker#v5.12.0:
                      image: {{DockerEngineFixture.ImageName}}
                      propagate-environment: true
                      mount-buildkite-agent: true
              - wait
              - label: next step
                agents: { queue: dock }
                command: test "$(buildkite-agent meta-data get made-in)" = container-42 && echo "next step read it"
              - label: exit status
                agents: { queue: dock }
                command: "exit 3"
                plugins:
                  - docker#v5.12.0:
                      image: {{DockerEngineFixture.ImageName}}
            """, daemon.Url(name + ".git"));

        var inside = build.Jobs.Single(j => j.Label == "inside");
        Assert.True(inside.State == "passed", log);
        Assert.Contains($"Running in {DockerEngineFixture.ImageName}", log, StringComparison.Ordinal);
        Assert.Contains("TTY present, running with -it", log, StringComparison.Ordinal);
        Assert.Contains("from the checkout", log, StringComparison.Ordinal);
        Assert.Contains("greeting=hello-propagated", log, StringComparison.Ordinal);
        Assert.True(build.Jobs.Single(j => j.Label == "next step").State == "passed", log);
        var failing = build.Jobs.Single(j => j.Label == "exit status");
        Assert.Equal("failed", failing.State);
        Assert.Equal(3, failing.ExitStatus);
    }
}
