using System.Runtime.InteropServices;

namespace ElasticCI.Compute.Local.Sandbox;

/// <summary>The few libc calls the sandbox needs that .NET does not wrap.</summary>
internal static partial class SandboxNative
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LChown(string path, uint owner, uint group);

    /// <summary>Gives <paramref name="directory"/> and everything in it to <paramref name="uid"/>:<paramref name="gid"/> (symlinks themselves, never their targets).</summary>
    public static void ChownTree(string directory, uint uid, uint gid)
    {
        Check(LChown(directory, uid, gid), directory);
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            Check(LChown(entry, uid, gid), entry);
        }
    }

    /// <summary>Gives one file or directory to <paramref name="uid"/>:<paramref name="gid"/>.</summary>
    public static void Chown(string path, uint uid, uint gid) => Check(LChown(path, uid, gid), path);

    private static void Check(int result, string path)
    {
        if (result != 0)
        {
            throw new IOException($"chown {path} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }
}
