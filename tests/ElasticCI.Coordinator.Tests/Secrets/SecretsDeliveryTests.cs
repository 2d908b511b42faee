using System.Text;

namespace ElasticCI.Coordinator.Tests.Secrets;

/// <summary>Automatic delivery of brokered secrets in a real job's environment phase (real coordinator, real agent process).</summary>
public sealed class SecretsDeliveryTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    // Issue 12: an override is honoured only when granted; this stack (never launching) grants pipe-p the prefix team-x.
    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync(options =>
    {
        options.Stacks = [new ElasticCI.Stacks.StackDefinition { Name = "grants", Queue = "default", Scaling = new() { MaxSize = 0 }, SecretsPrefixGrants = "pipe-p=team-x" }];
        options.AgentCommand = ["/bin/false"];
    });

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Job_EnvAndSecretFiles_PipelineBeatsGlobal_SecretFilesBeatEnv_PrefixOverrideHonoured()
    {
        await PutAsync("env", "export SHARED=global\nexport LAYER=global\n");
        await PutAsync("pipe-p/env", "LAYER=pipeline\n");
        await PutAsync("secret-files/LAYER_TOKEN", "global-file-value-1");
        await PutAsync("pipe-p/secret-files/LAYER_TOKEN", "pipeline-file-value-2");
        await PutAsync("team-x/env", "LAYER='team prefix'\n");
        _fixture.StartAgent("agent-precedence");

        var build = await _fixture.CreateBuildAsync("""
            steps:
              - label: pipeline
                command: |
                  echo "shared=$SHARED layer=$LAYER"
                  test "$LAYER_TOKEN" = pipeline-file-value-2
                  echo "token=$LAYER_TOKEN"
              - label: override
                command: |
                  echo "override layer=$LAYER"
                  test "$LAYER_TOKEN" = global-file-value-1
                env:
                  BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX: team-x
            """, "pipe-p");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var pipeline = await _fixture.LogAsync(done.Jobs[0].Id);
        var overridden = await _fixture.LogAsync(done.Jobs[1].Id);

        Assert.True(done.State == "passed", pipeline + overridden);
        Assert.Contains("shared=global layer=pipeline", pipeline, StringComparison.Ordinal);
        Assert.Contains("token=[REDACTED]", pipeline, StringComparison.Ordinal);
        Assert.DoesNotContain("pipeline-file-value-2", pipeline, StringComparison.Ordinal);
        Assert.Contains("override layer=team prefix", overridden, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_DeliveredSecretPrintedInTwoWrites_RedactedAcrossLogChunks()
    {
        await PutAsync("pipe-s/secret-files/SPLIT_TOKEN", "split-secret-abcdefghijkl");
        _fixture.StartAgent("agent-split");

        // The pause makes the agent read (and upload) the two halves separately; it is the job's output, not test timing.
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: |
                  printf 'value: %s' "${SPLIT_TOKEN:0:10}"
                  sleep 1.5
                  printf '%s done\n' "${SPLIT_TOKEN:10}"
            """, "pipe-s");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "passed", log);
        Assert.Contains("value: [REDACTED] done", log, StringComparison.Ordinal);
        Assert.DoesNotContain("split-secr", log, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijkl", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_MalformedEnvFile_FailsInEnvironmentPhase_CommandNotRun_PreExitRuns()
    {
        await PutAsync("pipe-m/env", "OK=1\nexport BROKEN VALUE=hidden-text-9\n");
        var hooks = HooksWithPreExit(_fixture.DataDirectory);
        _fixture.StartAgent("agent-malformed", extraArgs: ["--hooks-path", hooks]);

        var build = await _fixture.CreateBuildAsync("steps:\n  - command: echo \"command-$((40+2))\"\n", "pipe-m");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.Equal("failed", done.State);
        Assert.Contains("secrets: pipe-m/env: line 2", log, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-text-9", log, StringComparison.Ordinal);
        Assert.DoesNotContain("command-42", log, StringComparison.Ordinal);
        Assert.Contains("pre-exit-ran", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_SecretsPluginDisabledInPipelineEnv_NothingDelivered()
    {
        await PutAsync("pipe-off/env", "OFF_VALUE=should-not-arrive\n");
        _fixture.StartAgent("agent-disabled");

        var build = await _fixture.CreateBuildAsync("""
            env:
              SECRETS_PLUGIN_ENABLED: "false"
            steps:
              - command: test -z "$OFF_VALUE"
            """, "pipe-off");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.True(done.State == "passed", await _fixture.LogAsync(done.Jobs[0].Id));
    }

    [Fact]
    public async Task Job_GitCredentialsSecret_GitFillsThroughTheHelper_PasswordRedacted()
    {
        await PutAsync("pipe-g/git-credentials", "https://deploy-bot:git-pass-word-77@git.example.com\n");
        _fixture.StartAgent("agent-gitcred");

        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: |
                  printf 'protocol=https\nhost=git.example.com\n\n' | git credential fill
                  test -z "$(ls -A "$BUILDKITE_BUILD_CHECKOUT_PATH")"
            """, "pipe-g");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "passed", log);
        Assert.Contains("username=deploy-bot", log, StringComparison.Ordinal);
        Assert.Contains("password=[REDACTED]", log, StringComparison.Ordinal);
        Assert.DoesNotContain("git-pass-word-77", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitCredentialHelper_OtherPipelinesKeyOrBadKey_RefusedWithoutValue_StoreIgnored()
    {
        await PutAsync("other-pipe/git-credentials", "https://x:other-pipeline-pass-8@git.example.com\n");
        _fixture.StartAgent("agent-gitcred-bad");

        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: |
                  printf 'protocol=https\nhost=git.example.com\n\n' | buildkite-agent secrets git-credential other-pipe/git-credentials get || echo "other=$?"
                  buildkite-agent secrets git-credential ../x get < /dev/null || echo "bad=$?"
                  buildkite-agent secrets git-credential git-credentials store < /dev/null && echo "store=$?"
            """, "pipe-h");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "passed", log);
        Assert.Contains("other=2", log, StringComparison.Ordinal);
        Assert.Contains("bad=2", log, StringComparison.Ordinal);
        Assert.Contains("store=0", log, StringComparison.Ordinal);
        Assert.DoesNotContain("other-pipeline-pass-8", log, StringComparison.Ordinal);
    }

    /// <summary>An agent hooks directory whose pre-exit hook prints a marker.</summary>
    internal static string HooksWithPreExit(string parent)
    {
        var hooks = Directory.CreateDirectory(Path.Combine(parent, "hooks-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var preExit = Path.Combine(hooks, "pre-exit");
        File.WriteAllText(preExit, "#!/bin/bash\necho \"pre-exit-ran\"\n");
        File.SetUnixFileMode(preExit, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return hooks;
    }

    private Task PutAsync(string key, string value)
        => _fixture.Client.PutSecretAsync(key, null, Encoding.UTF8.GetBytes(value), CancellationToken.None);
}
