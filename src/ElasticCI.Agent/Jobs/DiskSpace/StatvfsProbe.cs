using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ElasticCI.Agent.Jobs.DiskSpace;

/// <summary>statvfs(3) of the path: <c>f_bavail × f_frsize</c> bytes and <c>f_favail</c> inodes, as <c>df</c> reports them (64-bit Linux layout).</summary>
internal sealed partial class StatvfsProbe : IDiskSpaceProbe
{
    public DiskSpaceReading Measure(string path)
    {
        if (Statvfs(path, out var stat) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"statvfs({path}) failed");
        }
        return new DiskSpaceReading(
            (long)Math.Min(long.MaxValue, stat.BlocksAvailable * stat.FragmentSize),
            (long)Math.Min(long.MaxValue, stat.FilesAvailable));
    }

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statvfs(string path, out StatvfsBuffer buffer);

    [StructLayout(LayoutKind.Sequential)]
    private struct StatvfsBuffer
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong MaxNameLength;
        public int Spare0;
        public int Spare1;
        public int Spare2;
        public int Spare3;
        public int Spare4;
        public int Spare5;
    }
}
