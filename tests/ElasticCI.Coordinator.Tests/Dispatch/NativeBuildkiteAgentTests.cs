namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>
/// The self-contained native in-job <c>buildkite-agent</c> (src/ElasticCI.BuildkiteAgent, published by
/// publish-native.sh): on the job's PATH, it runs copied into an empty directory with nothing but the job's variables
/// in its environment (no PATH, no HOME, no DOTNET_*) and sets and reads meta-data on a real coordinator.
/// </summary>
public sealed class NativeBuildkiteAgentTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task NativeBinary_EmptyDirectoryAndEnvironment_SetsAndGetsMetaData()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "buildkite-agent");
        Assert.True(File.Exists(shipped), $"{shipped} is missing: run src/ElasticCI.BuildkiteAgent/publish-native.sh before building (test.sh does)");
        _fixture.StartAgent("agent-native");
        // Each step copies the job's buildkite-agent into a fresh directory and runs it from there under `env -i`.
        const string Isolated = """
            native="$(mktemp -d)"; cp "$(command -v buildkite-agent)" "$native/buildkite-agent"; cd "$native"
            head -c 4 ./buildkite-agent | grep -q ELF || { echo "buildkite-agent on PATH is not a native executable"; exit 9; }
            run() { env -i BUILDKITE_AGENT_ACCESS_TOKEN="$BUILDKITE_AGENT_ACCESS_TOKEN" BUILDKITE_AGENT_ENDPOINT="$BUILDKITE_AGENT_ENDPOINT" BUILDKITE_JOB_ID="$BUILDKITE_JOB_ID" ./buildkite-agent "$@"; }
            """;
        var build = await _fixture.CreateBuildAsync($$"""
            steps:
              - label: set
                command: |
            {{Indent(Isolated)}}
                  run meta-data set colour "deep blue"
                  test "$(ls -A)" = buildkite-agent
              - wait
              - label: get
                command: |
            {{Indent(Isolated)}}
                  value="$(run meta-data get colour)"
                  echo "native got [$value]"
                  test "$value" = "deep blue"
                  run meta-data exists colour
                  set +e; run meta-data exists missing; code=$?; set -e
                  test "$code" = 100
                  run meta-data keys
            """);

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        var setLog = await _fixture.LogAsync(done.Jobs[0].Id);
        var getLog = done.Jobs.Count > 1 ? await _fixture.LogAsync(done.Jobs[^1].Id) : "";
        Assert.True(done.State == "passed", setLog + getLog);
        Assert.Contains("native got [deep blue]", getLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NativeBinary_BadInput_ExitsTwoWithOneLine()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "buildkite-agent");
        Assert.True(File.Exists(shipped), $"{shipped} is missing: run src/ElasticCI.BuildkiteAgent/publish-native.sh before building (test.sh does)");
        var unknown = await RunAsync(shipped, ["meta-data", "frobnicate"], []);
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("buildkite-agent: unknown command or argument 'frobnicate'", unknown.Error, StringComparison.Ordinal);
        var outside = await RunAsync(shipped, ["meta-data", "get", "k"], []);
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("BUILDKITE_AGENT_ACCESS_TOKEN and BUILDKITE_AGENT_ENDPOINT are not set", outside.Error, StringComparison.Ordinal);
        var badEndpoint = await RunAsync(shipped, ["meta-data", "get", "k"],
            new() { ["BUILDKITE_AGENT_ACCESS_TOKEN"] = "x", ["BUILDKITE_AGENT_ENDPOINT"] = "not a url" });
        Assert.Equal(2, badEndpoint.ExitCode);
        Assert.Contains("is not an http(s) URL", badEndpoint.Error, StringComparison.Ordinal);
    }

    private static string Indent(string script)
        => string.Join('\n', script.Split('\n').Select(line => "      " + line));

    private static async Task<(int ExitCode, string Error)> RunAsync(string binary, string[] args, Dictionary<string, string> environment)
    {
        var start = new System.Diagnostics.ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await error);
    }
}
