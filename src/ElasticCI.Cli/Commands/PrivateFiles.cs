using System.Runtime.InteropServices;

namespace ElasticCI.Cli.Commands;

/// <summary>The coordinator's file-creation mask: whatever the caller's umask, nothing it (or an instance it starts) creates is readable by other users.</summary>
internal static partial class PrivateFiles
{
    private const uint OwnerOnly = 0x3F; // 077

    public static void RestrictUmask()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(OwnerOnly);
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
