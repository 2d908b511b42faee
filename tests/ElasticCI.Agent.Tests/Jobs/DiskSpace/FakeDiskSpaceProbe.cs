using ElasticCI.Agent.Jobs.DiskSpace;

namespace ElasticCI.Agent.Tests.Jobs.DiskSpace;

/// <summary>Free space grows by <see cref="BytesPerMissingDirectory"/> for each of the watched directories that is gone.</summary>
internal sealed class FakeDiskSpaceProbe(string watched, long baseBytes, long inodes) : IDiskSpaceProbe
{
    public const long BytesPerMissingDirectory = 100;

    private readonly int _initial = Directory.GetDirectories(watched).Length;

    public List<string> MeasuredPaths { get; } = [];

    public DiskSpaceReading Measure(string path)
    {
        MeasuredPaths.Add(path);
        var removed = _initial - (Directory.Exists(watched) ? Directory.GetDirectories(watched).Length : 0);
        return new DiskSpaceReading(baseBytes + removed * BytesPerMissingDirectory, inodes);
    }
}
