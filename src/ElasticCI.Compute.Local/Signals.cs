using System.Runtime.InteropServices;

namespace ElasticCI.Compute.Local;

/// <summary>POSIX signals to processes and process groups (libc <c>kill</c>).</summary>
internal static partial class Signals
{
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to the whole process group led by <paramref name="groupId"/>; false if none is left.</summary>
    public static bool ToGroup(int groupId, int signal) => Kill(-groupId, signal) == 0;

    public static bool ToProcess(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
