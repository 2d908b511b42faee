using System.Diagnostics;
using ElasticCI.Agent.Jobs.Secrets;

namespace ElasticCI.Agent.Tests.Jobs.Secrets;

/// <summary>The per-job ssh-agent: real <c>ssh-agent</c>, <c>ssh-add</c> and <c>ssh-keygen</c>.</summary>
public sealed class SshAgentSessionTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("elastic-ci-ssh-agent-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task StartAsync_TwoKeys_AgentHoldsThemInOrder_DisposeKillsItAndRemovesSocket()
    {
        var first = KeyPair("first", "");
        var second = KeyPair("second", "");
        var socket = Path.Combine(_directory.FullName, "agent.sock");

        var session = await SshAgentSession.StartAsync(socket, [first.Private, second.Private], CancellationToken.None);
        var listed = Run("ssh-add", ["-L"], new() { ["SSH_AUTH_SOCK"] = socket });
        var pid = session.ProcessId;
        Assert.True(File.Exists($"/proc/{pid}/cmdline"));
        await session.DisposeAsync();
        await session.DisposeAsync();

        Assert.Equal([first.Public.Split(' ')[1], second.Public.Split(' ')[1]], listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[1]));
        Assert.False(File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("ssh-agent", StringComparison.Ordinal));
        Assert.False(File.Exists(socket));
        Assert.DoesNotContain(Directory.GetFiles(_directory.FullName, "*", SearchOption.AllDirectories), f => !f.Contains("/keys-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_PassphraseProtectedKey_FailsWithoutPromptingAndLeavesNoAgent()
    {
        var locked = KeyPair("locked", "a passphrase");
        var socket = Path.Combine(_directory.FullName, "agent.sock");

        var failure = await Assert.ThrowsAsync<SshAgentException>(() => SshAgentSession.StartAsync(socket, [locked.Private], CancellationToken.None));

        Assert.StartsWith("could not add SSH key 1 to the job's ssh-agent", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(socket));
    }

    [Fact]
    public async Task StartAsync_NotAKey_FailsNamingTheKeyNumberNotItsText()
    {
        var socket = Path.Combine(_directory.FullName, "agent.sock");

        var failure = await Assert.ThrowsAsync<SshAgentException>(() => SshAgentSession.StartAsync(socket, ["not-a-key-but-secret-text"], CancellationToken.None));

        Assert.Contains("SSH key 1", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-key-but-secret-text", failure.Message, StringComparison.Ordinal);
    }

    private (string Private, string Public) KeyPair(string name, string passphrase)
    {
        var keys = Directory.CreateDirectory(Path.Combine(_directory.FullName, "keys-" + name)).FullName;
        var path = Path.Combine(keys, "id");
        Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", path], []);
        return (File.ReadAllText(path), File.ReadAllText(path + ".pub").Trim());
    }

    private static string Run(string file, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file}: {error}");
        return output;
    }
}
