namespace ElasticCI.EndToEnd.Docker;

/// <summary>Jobs on instances with <c>DockerEngine: rootless</c> run real containers (issue 14): output, exit status, compose.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerJobTests(DockerEngineFixture docker)
{
    [Fact]
    public async Task DockerRun_CheckoutMounted_OutputAndNonZeroExitStatusPassThrough()
    {
        var (exit, output) = await docker.RunAsync("dock", $"""
            {DockerEngineFixture.Image}
            echo written-by-the-job > probe.txt
            docker run --rm -v "$$PWD:/work" -w /work {DockerEngineFixture.ImageName} sh -c 'cat probe.txt; echo from-the-container > back.txt; echo printed-inside; exit 7'
            """);

        Assert.True(exit == 7, output);
        Assert.Contains("written-by-the-job", output, StringComparison.Ordinal);
        Assert.Contains("printed-inside", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DockerRun_WritesIntoCheckout_JobReadsItBack()
    {
        var (exit, output) = await docker.RunAsync("dock", $"""
            {DockerEngineFixture.Image}
            docker run --rm -v "$$PWD:/work" {DockerEngineFixture.ImageName} sh -c 'echo from-the-container > /work/back.txt'
            echo "job read: $$(cat back.txt)"
            """);

        Assert.True(exit == 0, output);
        Assert.Contains("job read: from-the-container", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DockerCompose_V2SyntaxTwoServicesHealthyDependency_AppReachesItByServiceName()
    {
        // db is healthy only after two seconds: without service_healthy the app's first request would fail.
        var (exit, output) = await docker.RunAsync("dock", $$"""
            {{DockerEngineFixture.Image}}
            cat > compose.yml <<'YAML'
            services:
              db:
                image: {{DockerEngineFixture.ImageName}}
                command: ["sh", "-c", "mkdir -p /www && echo served-by-db > /www/index.html && sleep 2 && touch /ready && httpd -f -p 8080 -h /www"]
                healthcheck:
                  test: ["CMD", "test", "-f", "/ready"]
                  interval: 1s
                  retries: 60
              app:
                image: {{DockerEngineFixture.ImageName}}
                depends_on:
                  db:
                    condition: service_healthy
                command: ["wget", "-qO-", "http://db:8080/"]
            YAML
            docker compose -f compose.yml -p ecitest run --rm app
            rc=$$?
            docker compose -f compose.yml -p ecitest down -t 1
            echo "compose run exited $$rc"
            exit $$rc
            """);

        Assert.True(exit == 0, output);
        Assert.Contains("served-by-db", output, StringComparison.Ordinal);
        Assert.Contains("compose run exited 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DockerCompose_BuildThenPush_ImageIsInTheLocalRegistry()
    {
        var registry = docker.RegistryAddress;
        var tag = "t" + Guid.NewGuid().ToString("N")[..8];
        await docker.PutSecretAsync("compose-push/env",
            $"DOCKER_LOGIN_USER={docker.Registry.User}\nDOCKER_LOGIN_PASSWORD={docker.Registry.Password}\nDOCKER_LOGIN_SERVER={registry}\n");

        var (build, log) = await docker.BuildAsync("compose-push", $$"""
            steps:
              - agents: { queue: dock }
                command: |
                  {{DockerEngineFixture.Image}}
                  mkdir -p app
                  printf 'FROM {{DockerEngineFixture.ImageName}}\nRUN echo built-by-compose > /built.txt\n' > app/Dockerfile
                  printf 'services:\n  app:\n    build: ./app\n    image: {{registry}}/ci/compose-app:{{tag}}\n' > compose.yml
                  docker compose -f compose.yml -p ecipush build
                  docker compose -f compose.yml -p ecipush push
                  docker compose -f compose.yml -p ecipush run --rm app cat /built.txt
            """);

        Assert.True(build.State == "passed", log);
        Assert.Contains("built-by-compose", log, StringComparison.Ordinal);
        Assert.Contains(tag, await docker.RegistryTagsAsync("ci/compose-app"));
    }

    [Fact]
    public async Task DockerPull_ImageThatCannotBePulled_FailureNamesRegistryAndImage()
    {
        var (exit, output) = await docker.RunAsync("dock", "docker pull 127.0.0.1:9/team/missing-image:1.0");

        Assert.True(exit == 1, output);
        Assert.Contains("could not pull image '127.0.0.1:9/team/missing-image:1.0' from registry '127.0.0.1:9'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_StackWithoutEngine_FailsWithOneLineSayingHowToTurnItOn()
    {
        var (exit, output) = await docker.RunAsync("plain", "docker ps");

        Assert.True(exit == 1, output);
        var lines = output.Split('\n').Where(l => l.Contains("elastic-ci:", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("stack 'plain' has no container engine", line, StringComparison.Ordinal);
        Assert.Contains("DockerEngine: rootless", line, StringComparison.Ordinal);
    }
}
