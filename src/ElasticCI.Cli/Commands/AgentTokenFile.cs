using System.Runtime.InteropServices;

namespace ElasticCI.Cli.Commands;

/// <summary>
/// How a launched instance's agent gets its registration token without it ever being in an environment a job can
/// read: a file named by <c>ELASTIC_CI_AGENT_TOKEN_FILE</c>, read once and deleted before any job starts.
/// </summary>
internal static partial class AgentTokenFile
{
    public const string Variable = "ELASTIC_CI_AGENT_TOKEN_FILE";

    private const int PrSetDumpable = 4;

    public static string? ReadAndDelete(string? path, List<string> problems)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        try
        {
            var token = File.ReadAllText(path).Trim();
            File.Delete(path);
            return token;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{Variable}: cannot read the registration token from {path}: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// Makes this process non-dumpable: /proc/&lt;pid&gt;/environ, mem and the like become root's, and processes of the same
    /// user (our jobs) can neither read them nor attach to us. Children are dumpable again after their exec.
    /// </summary>
    public static void MakeNonDumpable()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Prctl(PrSetDumpable, 0, 0, 0, 0);
        }
    }

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
