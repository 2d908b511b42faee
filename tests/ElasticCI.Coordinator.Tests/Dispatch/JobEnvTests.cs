namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>`buildkite-agent env get|set|unset` through the agent's per-job job API, with real agent processes and hooks.</summary>
public sealed class JobEnvTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task EnvSet_InPreCommandAndCommand_IsSeenByLaterPhases()
    {
        var hooks = Directory.CreateDirectory(Path.Combine(_fixture.DataDirectory, "hooks")).FullName;
        await File.WriteAllTextAsync(Path.Combine(hooks, "environment"), "export TO_REMOVE=present\n");
        await File.WriteAllTextAsync(Path.Combine(hooks, "pre-command"), """
            buildkite-agent env set FROM_HOOK="hello world" SECOND=2
            buildkite-agent env unset TO_REMOVE
            test "$(buildkite-agent env get FROM_HOOK)" = "FROM_HOOK=hello world"
            """);
        await File.WriteAllTextAsync(Path.Combine(hooks, "post-command"), "echo \"post saw FROM_HOOK=$FROM_HOOK CMD=$FROM_COMMAND REMOVED=${TO_REMOVE:-gone}\"\n");
        _fixture.StartAgent("agent-env", 1, "default", extraArgs: ["--hooks-path", hooks]);

        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: |
                  test "$FROM_HOOK" = "hello world"
                  test "$SECOND" = 2
                  test -z "${TO_REMOVE:-}"
                  buildkite-agent env set FROM_COMMAND=yes
                  buildkite-agent env get --format json FROM_HOOK SECOND
                  buildkite-agent env get --format json-pretty SECOND
                  buildkite-agent env get | grep -c '^BUILDKITE_JOB_ID='
            """);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        Assert.True(done.State == "passed", log);
        Assert.Contains("post saw FROM_HOOK=hello world CMD=yes REMOVED=gone", log, StringComparison.Ordinal);
        Assert.Contains("{\"FROM_HOOK\":\"hello world\",\"SECOND\":\"2\"}", log, StringComparison.Ordinal);
        Assert.Contains("  \"SECOND\": \"2\"", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvDumpAndRedaction_DumpPrintsTheProcessEnvironment_SecretNamedValuesRedacted()
    {
        _fixture.StartAgent("agent-env-dump");
        var build = await _fixture.CreateBuildAsync("""
            env:
              DEPLOY_PASSWORD: pipeline-env-secret-1
            steps:
              - env:
                  STEP_ACCESS_KEY: step-env-secret-2
                command: |
                  set +e
                  export DUMP_ONLY=from-the-shell
                  buildkite-agent env dump > dump.json
                  grep -c '"DUMP_ONLY":"from-the-shell"' dump.json
                  grep -c '"BUILDKITE_JOB_ID":"'"$BUILDKITE_JOB_ID"'"' dump.json
                  echo "pretty-count=$(buildkite-agent env dump --format json-pretty | grep -c '^  "DUMP_ONLY": "from-the-shell"')"
                  buildkite-agent env dump --format yaml; echo "bad-format=$?"
                  echo "pipeline=$DEPLOY_PASSWORD step=$STEP_ACCESS_KEY"
                  buildkite-agent env set LATE_API_KEY=set-by-env-set-3 PLAIN_VALUE=visible-value-4
                  echo "late=set-by-env-set-3 plain=visible-value-4"
            """);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        Assert.True(done.State == "passed", log);
        Assert.Matches("(?m)^1\\r?$", log);
        Assert.Contains("pretty-count=1", log, StringComparison.Ordinal);
        Assert.Matches("bad-format=[^0]", log);
        Assert.Contains("pipeline=[REDACTED] step=[REDACTED]", log, StringComparison.Ordinal);
        Assert.Contains("late=[REDACTED] plain=visible-value-4", log, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-1", log, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-2", log, StringComparison.Ordinal);
        // Only the two command lines show it: the script is echoed before it runs, before the value is known to be a secret.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(log, "set-by-env-set-3"));
    }

    [Fact]
    public async Task EnvCommands_ProtectedOrBadInput_AreRefusedWithClearErrors()
    {
        _fixture.StartAgent("agent-env-bad");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: |
                  set +e
                  buildkite-agent env set BUILDKITE_JOB_ID=forged; echo "protected-set=$?"
                  buildkite-agent env unset BUILDKITE_AGENT_JOB_API_TOKEN; echo "protected-unset=$?"
                  buildkite-agent env set NOEQUALS; echo "no-equals=$?"
                  buildkite-agent env set =value; echo "no-name=$?"
                  buildkite-agent env get --format xml; echo "bad-format=$?"
                  buildkite-agent env get NOT_THERE_AT_ALL; echo "missing=$?"
                  BUILDKITE_AGENT_JOB_API_TOKEN=wrong buildkite-agent env get PATH; echo "wrong-token=$?"
                  env -u BUILDKITE_AGENT_JOB_API_SOCKET buildkite-agent env get PATH; echo "no-socket=$?"
                  buildkite-agent env get BUILDKITE_JOB_ID | grep -q "=$BUILDKITE_JOB_ID\$"; echo "unchanged=$?"
            """);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        Assert.True(done.State == "passed", log);
        Assert.Contains("BUILDKITE_JOB_ID is protected", log, StringComparison.Ordinal);
        Assert.Contains("protected-set=1", log, StringComparison.Ordinal);
        Assert.Contains("protected-unset=1", log, StringComparison.Ordinal);
        Assert.Contains("is not NAME=VALUE", log, StringComparison.Ordinal);
        Assert.Contains("no-equals=2", log, StringComparison.Ordinal);
        Assert.Contains("no-name=2", log, StringComparison.Ordinal);
        Assert.Matches("bad-format=[^0]", log);
        Assert.Contains("NOT_THERE_AT_ALL is not set", log, StringComparison.Ordinal);
        Assert.Contains("missing=1", log, StringComparison.Ordinal);
        Assert.Contains("token is missing or wrong", log, StringComparison.Ordinal);
        Assert.Contains("wrong-token=1", log, StringComparison.Ordinal);
        Assert.Contains("this command works inside a job", log, StringComparison.Ordinal);
        Assert.Contains("no-socket=2", log, StringComparison.Ordinal);
        Assert.Contains("unchanged=0", log, StringComparison.Ordinal);
    }
}
