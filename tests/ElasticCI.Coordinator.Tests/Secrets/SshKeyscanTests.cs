using System.Text;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Tests.Secrets;

/// <summary>
/// Issue 13: a private repository over SSH clones on a fresh agent with no known-hosts preparation, because the agent
/// scans the host's keys first; ssh itself checks host keys strictly here (no accept-new).
/// </summary>
public sealed class SshKeyscanTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;
    private SshServer _ssh = null!;
    private string _knownHosts = "";

    public async Task InitializeAsync()
    {
        _fixture = await CoordinatorFixture.StartAsync();
        _ssh = await SshServer.StartAsync(_fixture.DataDirectory);
        _knownHosts = Path.Combine(_fixture.DataDirectory, "fresh-known-hosts");
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        await _ssh.DisposeAsync();
    }

    private Dictionary<string, string> StrictSsh() => new()
    {
        ["GIT_SSH_COMMAND"] = $"ssh -F /dev/null -o StrictHostKeyChecking=yes -o UserKnownHostsFile={_knownHosts} -o BatchMode=yes",
    };

    [Fact]
    public async Task Checkout_FreshKnownHosts_ScansTheHostAndClones()
    {
        _fixture.StartAgent("agent-scan", environment: StrictSsh());
        await _fixture.Client.PutSecretAsync("private_ssh_key", "scan-app", Encoding.UTF8.GetBytes(_ssh.DeployKey), CancellationToken.None);

        var build = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("scan-app", "steps:\n  - command: bash hello.sh\n",
            Branch: "main", Repository: _ssh.RepositoryUrl), CancellationToken.None);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "passed", log);
        Assert.Contains($"Adding the SSH host keys of [127.0.0.1]:{_ssh.Port} to {_knownHosts}", log, StringComparison.Ordinal);
        Assert.Contains("private repository says hello", log, StringComparison.Ordinal);
        Assert.Contains($"[127.0.0.1]:{_ssh.Port} ", await File.ReadAllTextAsync(_knownHosts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_NoSshKeyscan_FailsHostKeyVerification()
    {
        _fixture.StartAgent("agent-noscan", extraArgs: ["--no-ssh-keyscan"], environment: StrictSsh());
        await _fixture.Client.PutSecretAsync("private_ssh_key", "noscan-app", Encoding.UTF8.GetBytes(_ssh.DeployKey), CancellationToken.None);

        var build = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("noscan-app", "steps:\n  - command: bash hello.sh\n",
            Branch: "main", Repository: _ssh.RepositoryUrl), CancellationToken.None);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.Equal("failed", done.State);
        Assert.Contains("Host key verification failed", log, StringComparison.Ordinal);
        Assert.False(File.Exists(_knownHosts) && (await File.ReadAllTextAsync(_knownHosts)).Length > 0);
    }
}
