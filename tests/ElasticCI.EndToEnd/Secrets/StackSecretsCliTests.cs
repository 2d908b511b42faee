namespace ElasticCI.EndToEnd.Secrets;

/// <summary>
/// <c>elastic-ci secrets put/get/ls/rm --stack NAME</c> through the real CLI against a real <c>up</c> whose stack keeps its
/// secrets in a real s3rver bucket: the value lands in the bucket in the hooks' layout and that stack's next job gets it.
/// Bad input (unknown stack, stack without a bucket, bad key, unreachable bucket) exits 2 and changes nothing.
/// </summary>
public sealed class StackSecretsCliTests(StackSecretsUpFixture fixture) : IClassFixture<StackSecretsUpFixture>
{
    private ConfiguredUp Up => fixture.Up;

    [Fact]
    public async Task PutWithStack_LandsInTheBucketInTheHooksLayout_JobOfThatStackGetsIt_RmRemovesIt()
    {
        var file = await ValueFileAsync("env", "export DEPLOY_TOKEN=from-the-vault-bucket-7\n");

        var put = await RunAsync("secrets", "put", "env", file, "--pipeline", "vault-app", "--stack", "vault");
        var list = await RunAsync("secrets", "ls", "--stack", "vault");
        var listOwn = await RunAsync("secrets", "ls");
        var get = await RunAsync("secrets", "get", "env", "--pipeline", "vault-app", "--stack", "vault");

        Assert.True(put.ExitCode == 0, put.Error);
        Assert.Equal("export DEPLOY_TOKEN=from-the-vault-bucket-7\n", await fixture.ObjectAsync("vault-app/env"));
        Assert.Contains("vault-app/env", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("vault-app/env", listOwn.Output, StringComparison.Ordinal);
        Assert.Equal((0, "export DEPLOY_TOKEN=from-the-vault-bucket-7\n"), (get.ExitCode, get.Output));

        var pipeline = await ValueFileAsync("pipeline.yml", """
            steps:
              - label: uses the secret
                command: test "$$DEPLOY_TOKEN" = from-the-vault-bucket-7 && echo "token-length=$${#DEPLOY_TOKEN}"
                agents: {queue: vault}
            """);
        var build = await RunAsync("build", pipeline, "--pipeline", "vault-app", "--watch");
        Assert.True(build.ExitCode == 0, build.Output + build.Error);
        Assert.Contains("token-length=23", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("from-the-vault-bucket-7", build.Output, StringComparison.Ordinal);

        var remove = await RunAsync("secrets", "rm", "env", "--pipeline", "vault-app", "--stack", "vault");
        var gone = await RunAsync("secrets", "get", "env", "--pipeline", "vault-app", "--stack", "vault");
        Assert.Equal(0, remove.ExitCode);
        Assert.Null(await fixture.ObjectAsync("vault-app/env"));
        Assert.Equal(2, gone.ExitCode);
        Assert.Contains("not found", gone.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope", "env", "Stack 'nope' was not found")]
    [InlineData("plain", "env", "Stack 'plain' has no SecretsBucket")]
    [InlineData("vault", "a/../b", "'..'")]
    [InlineData("down", "env", "Secret store bucket 'gone-bucket' at http://127.0.0.1:")]
    public async Task PutWithStack_BadInput_ExitsTwoWithTheReason_NothingChanged(string stack, string key, string reason)
    {
        var file = await ValueFileAsync("bad-" + stack, "BAD_INPUT_VALUE=should-land-nowhere\n");

        var put = await RunAsync("secrets", "put", key, file, "--pipeline", "bad-input", "--stack", stack);
        var list = await RunAsync("secrets", "ls", "--stack", stack);
        var own = await RunAsync("secrets", "ls", "--pipeline", "bad-input");

        Assert.Equal(2, put.ExitCode);
        Assert.Contains(reason, put.Error, StringComparison.Ordinal);
        Assert.StartsWith("elastic-ci: ", put.Error, StringComparison.Ordinal);
        Assert.Null(await fixture.ObjectAsync("bad-input/" + key));
        Assert.DoesNotContain("bad-input", list.Output + own.Output, StringComparison.Ordinal);
        if (stack is "nope" or "plain" or "down")
        {
            // ls, get and rm are refused the same way.
            Assert.Equal(2, list.ExitCode);
            Assert.Contains(reason, list.Error, StringComparison.Ordinal);
            Assert.Equal(2, (await RunAsync("secrets", "get", key, "--stack", stack)).ExitCode);
            Assert.Equal(2, (await RunAsync("secrets", "rm", key, "--stack", stack)).ExitCode);
        }
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, args);

    private async Task<string> ValueFileAsync(string name, string content)
    {
        var path = Path.Combine(Up.Directory, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }
}
