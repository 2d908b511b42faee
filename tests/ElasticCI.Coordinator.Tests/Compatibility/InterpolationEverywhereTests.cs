using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Tests.Compatibility;

/// <summary>
/// Issue 13: a pipeline file given to <c>elastic-ci build</c>, a stored definition and a triggered pipeline are
/// interpolated as <c>buildkite-agent pipeline upload</c> does, with the build's own <c>BUILDKITE_*</c> variables,
/// <c>--env</c> and the file's top-level <c>env</c>. Real coordinator, real agent processes.
/// </summary>
public sealed class InterpolationEverywhereTests : IAsyncLifetime
{
    // In the style of public release pipelines: a version pinned in env, queues picked by variables, `$$` for the shell.
    private const string ReleasePipeline = """
        env:
          CUDA_VERSION: "12.4"
          linux: "linux-${ARCH:-amd64}"
          BWC_VERSION: "7.17.0"
        steps:
          - label: ":linux: build ${linux}"
            key: build
            command: |
              export CUDA_HOME=/usr/local/cuda-$$CUDA_VERSION
              echo "cuda=$$CUDA_HOME v$$BWC_VERSION"
              echo "number=${BUILDKITE_BUILD_NUMBER} slug=$BUILDKITE_PIPELINE_SLUG branch=$BUILDKITE_BRANCH"
            agents:
              queue: "${AGENT_QUEUE:-hosted-m}"
              system: ${linux}
          - label: "deploy"
            command: echo "deploying $$BUILDKITE_BUILD_ID for ${TARGET}"
            agents:
              queue: "$RUNNERS_QUEUE"
        """;

    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task BuildFile_IsInterpolatedWithBuildVariablesEnvAndTopLevelEnv()
    {
        _fixture.StartAgent("agent-m", 1, "hosted-m", extraArgs: ["--tags", "system=linux-arm64"]);
        _fixture.StartAgent("agent-r", 1, "runners");
        var file = Path.Combine(_fixture.DataDirectory, "release.yml");
        await File.WriteAllTextAsync(file, ReleasePipeline);

        var (exit, output, error) = await _fixture.RunCliAsync("build", file, "--pipeline", "release", "--branch", "rel-1",
            "--env", "ARCH=arm64", "--env", "RUNNERS_QUEUE=runners", "--env", "TARGET=prod", "--output", "json");
        Assert.True(exit == 0, error);
        var created = System.Text.Json.JsonSerializer.Deserialize(output, ElasticCI.Protocol.ProtocolJsonContext.Default.BuildDto)!;
        // The queues of the created jobs come from --env and the default; the label from top-level env.
        Assert.Equal(["hosted-m", "runners"], created.Jobs.Select(j => j.Queue));
        Assert.Equal(":linux: build linux-arm64", created.Jobs[0].Label);

        var done = await _fixture.WaitForPassedOrFailedAsync(created.Id);
        var build = await _fixture.LogAsync(done.Jobs[0].Id);
        var deploy = await _fixture.LogAsync(done.Jobs[1].Id);
        Assert.True(done.State == "passed", build + deploy);
        // `$$VAR` ran as `$VAR`: the shell expanded it from the job's environment, not to its PID.
        Assert.Contains("cuda=/usr/local/cuda-12.4 v7.17.0", build, StringComparison.Ordinal);
        Assert.Contains($"number={created.Number} slug=release branch=rel-1", build, StringComparison.Ordinal);
        Assert.Contains($"deploying {created.Id} for prod", deploy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildFile_MissingRequiredVariable_IsRefusedWithItsPosition()
    {
        var request = new CreateBuildRequest("strict", """
            steps:
              - command: echo ok
                env:
                  STATE: "${STATE_DIR?set STATE_DIR}/node"
            """);
        var ex = await Assert.ThrowsAsync<ElasticCI.Client.CoordinatorException>(() => _fixture.Client.CreateBuildAsync(request, CancellationToken.None));
        Assert.Contains("pipeline.yml:4:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("set STATE_DIR", ex.Message, StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListBuildsAsync("strict", 10, CancellationToken.None)).Builds);
    }

    [Fact]
    public async Task BuildFile_NoInterpolation_KeepsTheTextForTheShell()
    {
        _fixture.StartAgent("agent-raw");
        var build = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("raw", """
            steps:
              - command: echo "raw=${BUILDKITE_BUILD_NUMBER}-$$"
            """) { NoInterpolation = true }, CancellationToken.None);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        // Not interpolated: the shell sees `$$` (its PID), and BUILDKITE_BUILD_NUMBER from the job environment.
        Assert.Matches($"raw={build.Number}-[0-9]+", log);
    }

    [Fact]
    public async Task StoredDefinitionAndTrigger_AreInterpolatedWithTheirOwnBuild()
    {
        _fixture.StartAgent("agent-trigger", 2);
        Assert.Equal(0, (await SetPipelineAsync("downstream", """
            steps:
              - label: "downstream ${BUILDKITE_BRANCH} from ${BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG}"
                command: echo "down=$$BUILDKITE_BRANCH source=${BUILDKITE_SOURCE}"
            """)).Exit);
        var upstream = await _fixture.CreateBuildAsync("""
            steps:
              - trigger: downstream
                build:
                  branch: "$BUILDKITE_BRANCH"
                  message: "from build ${BUILDKITE_BUILD_NUMBER}"
            """, pipeline: "upstream", interpolate: true);
        var done = await _fixture.WaitForPassedOrFailedAsync(upstream.Id);
        Assert.Equal("passed", done.State);
        var downstream = (await _fixture.Client.ListBuildsAsync("downstream", 1, CancellationToken.None)).Builds.Single();
        Assert.Equal("main", downstream.Branch);
        Assert.Equal($"from build {upstream.Number}", downstream.Message);
        Assert.Equal("trigger_job", downstream.Source);
        Assert.Equal("downstream main from upstream", downstream.Jobs[0].Label);
        Assert.Contains("down=main source=trigger_job", await _fixture.LogAsync(downstream.Jobs[0].Id), StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Error)> SetPipelineAsync(string slug, string yaml)
    {
        var file = Path.Combine(_fixture.DataDirectory, slug + ".yml");
        await File.WriteAllTextAsync(file, yaml);
        var (exit, _, error) = await _fixture.RunCliAsync("pipeline", "set", slug, "--file", file);
        return (exit, error);
    }
}
