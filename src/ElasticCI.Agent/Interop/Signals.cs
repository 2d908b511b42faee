using System.Runtime.InteropServices;

namespace ElasticCI.Agent.Interop;

/// <summary>POSIX signal numbers (the same on Linux and macOS for these) and process-group helpers.</summary>
internal static class Signals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int Esrch = 3;

    public static string Name(int signal) => signal switch
    {
        SigKill => "SIGKILL",
        SigTerm => "SIGTERM",
        _ => $"SIG{signal}",
    };

    /// <summary>Signals the whole group <paramref name="processGroupId"/>; false when no process of it is left.</summary>
    public static bool SignalGroup(int processGroupId, int signal) => NativeMethods.Kill(-processGroupId, signal) == 0;

    /// <summary>Signals one process.</summary>
    public static bool Signal(int pid, int signal) => NativeMethods.Kill(pid, signal) == 0;

    /// <summary>True while a process with this id exists (even one we may not signal).</summary>
    public static bool IsAlive(int pid)
    {
        if (NativeMethods.Kill(pid, 0) == 0)
        {
            return true;
        }
        return Marshal.GetLastPInvokeError() != Esrch;
    }
}
