using ElasticCI.Agent.Jobs.Secrets;
using ElasticCI.Agent.Logs;
using ElasticCI.Protocol.Secrets;

namespace ElasticCI.Agent.Tests.Jobs.Secrets;

public sealed class SecretsDeliveryTests
{
    [Fact]
    public void Plan_GlobalPipelineAndSecretFiles_LaterSourcesWin()
    {
        var bundle = Bundle("pipe",
            envFiles: [new("env", "A=global\nB=global\nC=global\n"), new("pipe/env", "export B=pipeline\nC=pipeline\n")],
            secretFiles: new() { ["secret-files/C_TOKEN"] = "global-file-token", ["pipe/secret-files/C_TOKEN"] = "pipeline-file-token" });

        var plan = SecretsDelivery.Plan(bundle, Redactor.DefaultPatterns);

        Assert.Null(plan.Error);
        Assert.Equal("global", plan.Environment["A"]);
        Assert.Equal("pipeline", plan.Environment["B"]);
        Assert.Equal("pipeline-file-token", plan.Environment["C_TOKEN"]);
    }

    [Fact]
    public void Plan_MalformedEnvFile_ErrorNamesFileAndLineNotValue()
    {
        var bundle = Bundle("pipe", envFiles: [new("pipe/env", "OK=1\nNOT VALID=super-secret-value\n")]);

        var plan = SecretsDelivery.Plan(bundle, Redactor.DefaultPatterns);

        Assert.NotNull(plan.Error);
        Assert.StartsWith("pipe/env: line 2", plan.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("super-secret-value", plan.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_EverySecretValue_Redacted()
    {
        var bundle = Bundle("pipe",
            envFiles: [new("env", "DB_PASSWORD=env-password-1\nPLAIN=not-a-secret\n")],
            secretFiles: new() { ["pipe/secret-files/API_TOKEN"] = "file-token-2" },
            sshKeys: [new("pipe/private_ssh_key", "-----BEGIN KEY-----\nabc\n-----END KEY-----\n")],
            gitCredentials: [new("git-credentials", "https://bot:git%20password-3@git.example.com\n")]);

        var plan = SecretsDelivery.Plan(bundle, Redactor.DefaultPatterns);

        Assert.Contains("env-password-1", plan.Redactions);
        Assert.Contains("file-token-2", plan.Redactions);
        Assert.Contains("git password-3", plan.Redactions);
        Assert.Contains("-----BEGIN KEY-----\nabc\n-----END KEY-----", plan.Redactions);
        Assert.DoesNotContain("not-a-secret", plan.Redactions);
        Assert.Equal(["git-credentials"], plan.GitCredentialKeys);
    }

    [Fact]
    public void Plan_UnparsableGitCredentials_ErrorNamesKeyAndLineNotValue()
    {
        var bundle = Bundle("pipe", gitCredentials: [new("pipe/git-credentials", "https://ok:pw-ok@a.example.com\nnot a url with hunter2\n")]);

        var plan = SecretsDelivery.Plan(bundle, Redactor.DefaultPatterns);

        Assert.Equal("pipe/git-credentials: line 2 is not a protocol://user:password@host URL", plan.Error);
    }

    [Fact]
    public void Parameters_ExistingEntriesKept_GitReadsOneHelperPerKey()
    {
        var value = GitCredentialHelper.Parameters("'core.askpass=x'", "/opt/my bin", ["git-credentials", "it's/git-credentials"]);

        var helpers = Git(value, "config", "--get-all", "credential.helper");
        var askpass = Git(value, "config", "--get", "core.askpass");

        Assert.Equal(
            [
                "!'/opt/my bin/buildkite-agent' secrets git-credential 'git-credentials'",
                "!'/opt/my bin/buildkite-agent' secrets git-credential 'it'\\''s/git-credentials'",
            ],
            helpers.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("x\n", askpass);
    }

    private static string Git(string parameters, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["GIT_CONFIG_PARAMETERS"] = parameters;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output;
    }

    private static JobSecretsDto Bundle(
        string prefix,
        List<SecretFileDto>? envFiles = null,
        Dictionary<string, string>? secretFiles = null,
        List<SecretFileDto>? sshKeys = null,
        List<SecretFileDto>? gitCredentials = null)
        => new(prefix, sshKeys ?? [], envFiles ?? [], gitCredentials ?? [], secretFiles ?? [], []);
}
