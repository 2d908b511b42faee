using System.Diagnostics;
using System.Text;
using ElasticCI.Agent.Interop;

namespace ElasticCI.Agent.Jobs;

/// <summary>
/// One bash per job, leader of its own session and process group, that runs the job's steps (hooks, git, the command)
/// one at a time as its children. Every step therefore lives in the job's group, so signalling the group reaches all
/// of them and whatever they left running; and all output goes through one pipe, so the log keeps its order.
/// </summary>
/// <remarks>
/// Protocol: the agent writes the path of a step directory (files <c>argv</c>, <c>env</c> as NUL-separated lists with
/// their lengths in <c>count</c>, <c>dir</c>, optional <c>banner</c>) as one line on stdin; bash prints the banner, runs
/// the step with exactly that environment and working directory, and answers its exit status as one line on fd 3 (the
/// process's stderr). Not thread-safe: one caller drives the steps.
/// <para>
/// The environment reaches the step as list items, never through a shell word: no item can contain a NUL (an
/// environment value or argument is a C string, so a value is cut at its first NUL, exactly as the kernel would read
/// it), names are checked, and bash refuses the step (status 125) when it reads a different number of items than
/// were written. So a value is always one <c>NAME=VALUE</c> item for <c>env -i</c>, whatever bytes it holds, and can
/// never become the program or an argument.
/// </para>
/// <para>
/// With a pseudo-terminal (the default, as the Buildkite agent does), bash opens its slave as its controlling terminal
/// and as every step's stdin, stdout and stderr, so <c>[ -t 0 ] &amp;&amp; [ -t 1 ]</c> holds in commands and hooks; output
/// is read from the master. The terminal does not turn <c>\n</c> into <c>\r\n</c> (<c>stty -onlcr</c>) so the log reads
/// as it does without one. Process groups, signals and exit statuses are unchanged: bash stays the session and group
/// leader, and the steps stay in its group.
/// </para>
/// </remarks>
internal sealed class JobExecutor : IDisposable
{
    // setsid execs bash in place (sh is not a group leader), so the pid we get is bash's and also the group id.
    private const string Launcher = "exec setsid /bin/bash \"$1\" \"$2\"";

    // The TERM trap keeps this loop alive through a cancel so pre-exit hooks can still run; traps reset in children,
    // so the steps get the default action. Its own stderr (bash's "Terminated" notices) is dropped; steps merge theirs.
    private const string Loop = """
        exec 3>&2 2>/dev/null 4<&0 </dev/null
        if [ -n "$1" ]; then
          exec 0<>"$1" 1>&0
          stty -onlcr cols 160 rows 48 2>/dev/null
        fi
        trap ':' TERM
        while :; do
          IFS= read -r step <&4; rc=$?
          if [ "$rc" -gt 128 ]; then continue; fi
          [ "$rc" -eq 0 ] || exit 0
          [ -f "$step/banner" ] && cat -- "$step/banner"
          if [ -f "$step/argv" ]; then
            mapfile -d '' -t vars < "$step/env"
            mapfile -d '' -t argv < "$step/argv"
            if [ "${#vars[@]} ${#argv[@]}" != "$(cat -- "$step/count")" ]; then
              printf 'The agent refused a step whose environment did not read back as written\n'
              printf '125\n' >&3
              continue
            fi
            ( exec 3>&- 4<&-; cd -- "$(cat -- "$step/dir")" && exec /usr/bin/env -i "${vars[@]}" "${argv[@]}" ) 2>&1
            printf '%s\n' "$?" >&3
          else
            printf '0\n' >&3
          fi
        done
        """;

    private readonly Process _process;
    private readonly string _scratch;
    private int _steps;

    private readonly PseudoTerminal? _terminal;

    private JobExecutor(Process process, string scratch, PseudoTerminal? terminal)
    {
        _process = process;
        _scratch = scratch;
        _terminal = terminal;
    }

    /// <summary>Pid of the executor's bash, which is also the job's process-group id.</summary>
    public int ProcessGroupId => _process.Id;

    /// <summary>Raw merged output bytes of every step; ends when every process holding the pipe (or terminal) is gone.</summary>
    public Stream Output => _terminal?.Output ?? _process.StandardOutput.BaseStream;

    /// <summary>Whether steps run in a pseudo-terminal.</summary>
    public bool HasTerminal => _terminal is not null;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the executor; <paramref name="scratch"/> is an existing private directory for step files.</summary>
    /// <param name="pty">Run the steps in a pseudo-terminal (the agent's default; <c>--no-pty</c> turns it off).</param>
    public static JobExecutor Start(string scratch, IReadOnlyDictionary<string, string> environment, bool pty = false)
    {
        var loop = Path.Combine(scratch, "executor.sh");
        File.WriteAllText(loop, Loop.Replace("\r", "", StringComparison.Ordinal) + "\n");
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = scratch,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(Launcher);
        startInfo.ArgumentList.Add("sh");
        startInfo.ArgumentList.Add(loop);
        var terminal = pty ? PseudoTerminal.Open() : null;
        startInfo.ArgumentList.Add(terminal?.SlavePath ?? "");
        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }
        try
        {
            var process = Process.Start(startInfo) ?? throw new InvalidOperationException("The job executor did not start.");
            return new JobExecutor(process, scratch, terminal);
        }
        catch
        {
            terminal?.Dispose();
            throw;
        }
    }

    /// <summary>A fresh directory for one step's files (hook wrappers put their env dumps there too).</summary>
    public string NewStepDirectory()
    {
        var directory = Path.Combine(_scratch, $"step-{++_steps}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>
    /// Runs <paramref name="argv"/> in the job's group and returns its exit status (128 + N when signal N ended it).
    /// When the executor itself is gone (killed after the grace period) nothing runs and its own status is returned.
    /// </summary>
    public async Task<int> RunAsync(
        string stepDirectory,
        IReadOnlyList<string>? argv,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        string? banner)
    {
        if (banner is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(stepDirectory, "banner"), banner, CancellationToken.None);
        }
        if (argv is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(stepDirectory, "dir"), workingDirectory, CancellationToken.None);
            var variables = StepEnvironment.Items(environment);
            var arguments = argv.Select(StepEnvironment.CString).ToList();
            if (arguments.Count == 0 || arguments[0].Contains('=', StringComparison.Ordinal))
            {
                // env(1) would read a program path with '=' as one more variable and run the next word instead.
                await PrintAsync($"The agent refused to run '{arguments.FirstOrDefault()}': a program path may not contain '='\n");
                return 126;
            }
            await File.WriteAllTextAsync(Path.Combine(stepDirectory, "env"), NulList(variables), CancellationToken.None);
            await File.WriteAllTextAsync(Path.Combine(stepDirectory, "argv"), NulList(arguments), CancellationToken.None);
            await File.WriteAllTextAsync(Path.Combine(stepDirectory, "count"), $"{variables.Count} {arguments.Count}", CancellationToken.None);
        }
        if (_process.HasExited)
        {
            return GoneStatus();
        }
        try
        {
            await _process.StandardInput.WriteAsync(stepDirectory + "\n");
            await _process.StandardInput.FlushAsync(CancellationToken.None);
            var line = await _process.StandardError.ReadLineAsync(CancellationToken.None);
            if (line is not null && int.TryParse(line, out var status))
            {
                return status;
            }
        }
        catch (IOException)
        {
            // The executor died between steps: the pipe is broken. Report it below like any other death.
        }
        await _process.WaitForExitAsync(CancellationToken.None);
        return GoneStatus();
    }

    /// <summary>Prints <paramref name="text"/> into the log in order with the steps' output.</summary>
    public Task PrintAsync(string text) => RunAsync(NewStepDirectory(), null, _scratch, new Dictionary<string, string>(), text);

    /// <summary>Lets the executor exit once the current step is done, and waits for it.</summary>
    public async Task CloseAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
        await _process.WaitForExitAsync(CancellationToken.None);
        // The terminal's output ends once whatever the job left running lets go of it too.
        _terminal?.ReleaseSlave();
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

    public void Dispose()
    {
        _process.Dispose();
        _terminal?.Dispose();
    }

    // A killed executor reports 128 + signal; one that exited on its own never ran the step.
    private int GoneStatus() => _process.ExitCode > 128 ? _process.ExitCode : -1;

    private static string NulList(IEnumerable<string> items)
    {
        var builder = new StringBuilder();
        foreach (var item in items)
        {
            builder.Append(item).Append('\0');
        }
        return builder.ToString();
    }
}
