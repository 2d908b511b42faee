namespace ElasticCI.Coordinator.Security;

/// <summary>
/// The data directory is the coordinator's alone: 0700, and nothing in it readable, writable or searchable by group
/// or others — also for files made before this rule, or under a permissive umask by tools that do not set modes.
/// </summary>
internal static class DataDirectoryModes
{
    private const UnixFileMode GroupAndOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void Enforce(string dataDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var entry in new DirectoryInfo(dataDirectory).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
        {
            if (entry.LinkTarget is null && (entry.UnixFileMode & GroupAndOthers) != 0)
            {
                entry.UnixFileMode &= ~GroupAndOthers;
            }
        }
    }
}
