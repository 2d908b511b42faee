using System.Text;
using System.Text.RegularExpressions;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Tests.Secrets;

/// <summary>
/// The original stack's headline workflow: a private repository over SSH that a build can clone only because the
/// pipeline's deploy key is in the secrets store. The agent runs with GIT_SSH_COMMAND trusting the test server's host key
/// on first use and never prompting (BatchMode), as a real deployment would pre-seed known_hosts.
/// </summary>
public sealed partial class SshCheckoutTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;
    private SshServer _ssh = null!;

    public async Task InitializeAsync()
    {
        _fixture = await CoordinatorFixture.StartAsync();
        _ssh = await SshServer.StartAsync(_fixture.DataDirectory);
        _fixture.StartAgent("agent-ssh", environment: new Dictionary<string, string> { ["GIT_SSH_COMMAND"] = _ssh.GitSshCommand });
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        await _ssh.DisposeAsync();
    }

    [Fact]
    public async Task Build_PrivateRepoOverSsh_DeployKeyInStore_ClonesAndLeavesNoSshAgent()
    {
        await _fixture.Client.PutSecretAsync("private_ssh_key", "private-app", Encoding.UTF8.GetBytes(_ssh.DeployKey), CancellationToken.None);

        var build = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("private-app", """
            steps:
              - command: |
                  bash hello.sh
                  echo "agent-pid=$$SSH_AGENT_PID"
                  echo "agent-sock=$$SSH_AUTH_SOCK"
            """, Branch: "main", Repository: _ssh.RepositoryUrl), CancellationToken.None);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "passed", log);
        Assert.Contains("private repository says hello", log, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", log, StringComparison.Ordinal);
        var pid = AgentPid().Match(log).Groups[1].Value;
        var socket = AgentSocket().Match(log).Groups[1].Value;
        Assert.NotEqual("", pid);
        Assert.False(IsSshAgent(pid), $"ssh-agent {pid} is still running after the job");
        Assert.DoesNotContain(RunningSshAgents(), cmdline => cmdline.Contains(socket, StringComparison.Ordinal));
        Assert.False(File.Exists(socket));
    }

    [Fact]
    public async Task Build_PrivateRepoOverSsh_NoKeyInStore_CheckoutFailsClearly()
    {
        var build = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("keyless-app", "steps:\n  - command: bash hello.sh\n",
            Branch: "main", Repository: _ssh.RepositoryUrl), CancellationToken.None);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.Equal("failed", done.State);
        Assert.Contains("No SSH key for this pipeline in the secrets store (keyless-app/private_ssh_key or private_ssh_key)", log, StringComparison.Ordinal);
        Assert.Contains("Permission denied (publickey)", log, StringComparison.Ordinal);
        Assert.DoesNotContain("private repository says hello", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_WithDeployKey_Canceled_SshAgentKilledAfterPreExit()
    {
        await _fixture.Client.PutSecretAsync("private_ssh_key", "cancel-app", Encoding.UTF8.GetBytes(_ssh.DeployKey), CancellationToken.None);

        var build = await _fixture.CreateBuildAsync("steps:\n  - command: echo \"agent-pid=$SSH_AGENT_PID\" && ssh-add -l && sleep 60\n", "cancel-app");
        var running = await _fixture.WaitForAsync(build.Id, b => b.Jobs[0].State == "running");
        var log = "";
        for (var attempt = 0; attempt < 300 && !log.Contains("deploy-key", StringComparison.Ordinal); attempt++)
        {
            log = await _fixture.LogAsync(running.Jobs[0].Id);
            await Task.Delay(100);
        }
        var pid = AgentPid().Match(log).Groups[1].Value;
        Assert.True(IsSshAgent(pid), log);
        await _fixture.Client.CancelBuildAsync(build.Id, CancellationToken.None);
        var done = await _fixture.WaitForAsync(build.Id, b => b.Jobs[0].State is "canceled" or "failed" or "passed");

        Assert.Equal("canceled", done.Jobs[0].State);
        Assert.False(IsSshAgent(pid), $"ssh-agent {pid} survived the cancel");
    }

    private static bool IsSshAgent(string pid)
        => File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("ssh-agent", StringComparison.Ordinal);

    private static List<string> RunningSshAgents()
    {
        var found = new List<string>();
        foreach (var directory in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (cmdline.StartsWith("ssh-agent", StringComparison.Ordinal))
                {
                    found.Add(cmdline);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return found;
    }

    [GeneratedRegex("agent-pid=([0-9]+)")]
    private static partial Regex AgentPid();

    [GeneratedRegex("agent-sock=(\\S+)")]
    private static partial Regex AgentSocket();
}
