using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace ElasticCI.Agent.Jobs.Secrets;

/// <summary>
/// A per-job <c>ssh-agent</c> holding the job's deploy keys. It runs in the foreground (<c>-D</c>) as a child of the agent
/// process, so it never joins (or escapes) the job's process group and the agent can always kill it by handle; its socket
/// lives in the job's private temp directory. Keys are piped to <c>ssh-add -</c>: key material never touches a file.
/// </summary>
internal sealed class SshAgentSession : IAsyncDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private bool _disposed;

    private SshAgentSession(Process process, string socket)
    {
        _process = process;
        Socket = socket;
    }

    public string Socket { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts an agent on <paramref name="socket"/> and adds <paramref name="keys"/> in order; throws <see cref="SshAgentException"/> with a value-free reason.</summary>
    public static async Task<SshAgentSession> StartAsync(string socket, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ssh-agent") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-D", "-a", socket })
        {
            start.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SshAgentException("ssh-agent did not start");
        }
        catch (Win32Exception ex)
        {
            throw new SshAgentException("ssh-agent could not be started: " + ex.Message);
        }
        var session = new SshAgentSession(process, socket);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StepTimeout);
            // It prints its environment lines once the socket is listening, then "echo Agent pid N;".
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("echo Agent pid", StringComparison.Ordinal))
            {
            }
            if (line is null)
            {
                throw new SshAgentException("ssh-agent exited before it was ready");
            }
            for (var index = 0; index < keys.Count; index++)
            {
                await AddAsync(socket, keys[index], index + 1, timeout.Token);
            }
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private static async Task AddAsync(string socket, string key, int number, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ssh-add")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-q");
        start.ArgumentList.Add("-");
        start.Environment["SSH_AUTH_SOCK"] = socket;
        // A passphrase-protected key must fail, not wait for a prompt nobody answers.
        start.Environment["SSH_ASKPASS"] = "/bin/false";
        start.Environment["SSH_ASKPASS_REQUIRE"] = "force";
        start.Environment.Remove("DISPLAY");
        using var process = Process.Start(start) ?? throw new SshAgentException("ssh-add did not start");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var normalized = key.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";
        await process.StandardInput.WriteAsync(normalized.AsMemory(), cancellationToken);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new SshAgentException($"ssh-add did not finish adding SSH key {number.ToString(CultureInfo.InvariantCulture)}");
        }
        await output;
        if (process.ExitCode != 0)
        {
            // ssh-add names "(stdin)" and the problem (format, passphrase); it never prints the key.
            throw new SshAgentException($"could not add SSH key {number.ToString(CultureInfo.InvariantCulture)} to the job's ssh-agent: {(await error).Trim()}");
        }
    }

    /// <summary>Kills the agent (idempotent) and removes its socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
        File.Delete(Socket);
    }
}
