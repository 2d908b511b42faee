using ElasticCI.Agent.Jobs.DiskSpace;

namespace ElasticCI.Agent.Tests.Jobs.DiskSpace;

public sealed class DiskSpaceCheckTests : IDisposable
{
    private readonly string _agentDir = Directory.CreateTempSubdirectory("elastic-ci-disk-").FullName;

    public void Dispose() => Directory.Delete(_agentDir, recursive: true);

    [Fact]
    public void Check_EnoughSpace_PassesWithoutRemovingAnything()
    {
        var old = Build("old", minutesAgo: 60);
        var check = new DiskSpaceCheck(new FakeDiskSpaceProbe(_agentDir, 1000, 1000), 500, 500);
        var removed = new List<string>();

        Assert.Null(check.Check(_agentDir, Path.Combine(_agentDir, "current"), removed));
        Assert.Empty(removed);
        Assert.True(Directory.Exists(old));
    }

    [Fact]
    public void Check_LowSpace_RemovesOldestFirstUntilEnough()
    {
        var oldest = Build("oldest", minutesAgo: 90);
        var middle = Build("middle", minutesAgo: 60);
        var newest = Build("newest", minutesAgo: 30);
        var current = Build("current", minutesAgo: 120);
        // 50 free, 200 needed: two removals (100 each) are enough.
        var check = new DiskSpaceCheck(new FakeDiskSpaceProbe(_agentDir, 50, 1000), 200, 0);
        var removed = new List<string>();

        Assert.Null(check.Check(_agentDir, current, removed));

        Assert.Equal([oldest, middle], removed);
        Assert.True(Directory.Exists(newest));
        Assert.True(Directory.Exists(current));
    }

    [Fact]
    public void Check_StillLowAfterCleaning_ReportsFreeAndRequired_KeepsDirectoryInUse()
    {
        var current = Build("current", minutesAgo: 120);
        Build("other", minutesAgo: 10);
        var check = new DiskSpaceCheck(new FakeDiskSpaceProbe(_agentDir, 0, 10), 5L * 1024 * 1024 * 1024, 250_000);
        var removed = new List<string>();

        var shortage = check.Check(_agentDir, current, removed);

        Assert.Equal("not enough disk on the build path: free space 100 bytes (0 GiB) < required 5368709120 bytes (5 GiB), free inodes 10 < required 250000", shortage);
        Assert.Single(removed);
        Assert.True(Directory.Exists(current));
    }

    [Fact]
    public void Check_AgentDirectoryMissing_MeasuresNearestExistingParent()
    {
        var probe = new FakeDiskSpaceProbe(_agentDir, 0, 0);
        var missing = Path.Combine(_agentDir, "agent-1");
        var check = new DiskSpaceCheck(probe, 1, 0);

        Assert.NotNull(check.Check(missing, Path.Combine(missing, "pipeline"), []));
        Assert.All(probe.MeasuredPaths, p => Assert.Equal(_agentDir, p));
    }

    [Fact]
    public void Measure_RealFilesystem_ReportsFreeBytesAndInodes()
    {
        var reading = new StatvfsProbe().Measure(_agentDir);

        Assert.True(reading.FreeBytes > 0);
        Assert.True(reading.FreeInodes > 0);
        Assert.True(reading.FreeBytes <= new DriveInfo(_agentDir).TotalSize);
    }

    [Fact]
    public void Measure_MissingPath_Throws()
        => Assert.Throws<System.ComponentModel.Win32Exception>(() => new StatvfsProbe().Measure(Path.Combine(_agentDir, "no", "such")));

    private string Build(string name, int minutesAgo)
    {
        var path = Path.Combine(_agentDir, name);
        Directory.CreateDirectory(path);
        Directory.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc).AddMinutes(-minutesAgo));
        return path;
    }
}
