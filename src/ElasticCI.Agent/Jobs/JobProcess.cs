using System.Diagnostics;
using ElasticCI.Agent.Interop;

namespace ElasticCI.Agent.Jobs;

/// <summary>A job's <c>bash -e -c</c> process, leader of its own session and process group, with stdout and stderr merged.</summary>
internal sealed class JobProcess : IDisposable
{
    // sh routes its stderr into stdout, then execs setsid, which (not being a group leader) calls setsid() and execs
    // bash in place. The pid we get is therefore bash's, and it is also the id of the new process group.
    private const string Launcher = "exec 2>&1; exec setsid /bin/bash -e -c \"$1\"";

    private readonly Process _process;

    private JobProcess(Process process) => _process = process;

    /// <summary>Pid of bash, which is also its process-group id.</summary>
    public int ProcessGroupId => _process.Id;

    /// <summary>Raw merged output bytes; ends when every process holding the pipe is gone.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    public bool HasExited => _process.HasExited;

    /// <summary>Exit status as .NET reports it: the code, or 128 + signal number when a signal ended bash.</summary>
    public int ExitCode => _process.ExitCode;

    public static JobProcess Start(string command, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            // Jobs get an empty stdin instead of the agent's terminal.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(Launcher);
        startInfo.ArgumentList.Add("sh");
        startInfo.ArgumentList.Add(command);
        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("The job process did not start.");
        process.StandardInput.Close();
        return new JobProcess(process);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Sends <paramref name="signal"/> to every process in the job's group.</summary>
    /// <param name="leaderFallback">
    /// Also signal bash by pid when the group does not exist yet (before setsid ran). Only while bash has not been
    /// reaped: afterwards its pid may belong to an unrelated process.
    /// </param>
    public bool SignalGroup(int signal, bool leaderFallback = true)
    {
        if (Signals.SignalGroup(ProcessGroupId, signal))
        {
            return true;
        }
        return leaderFallback && !_process.HasExited && Signals.Signal(ProcessGroupId, signal);
    }

    public void Dispose() => _process.Dispose();
}
