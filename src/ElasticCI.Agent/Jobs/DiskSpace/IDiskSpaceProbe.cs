namespace ElasticCI.Agent.Jobs.DiskSpace;

/// <summary>Measures the filesystem holding a path; tests substitute their own.</summary>
internal interface IDiskSpaceProbe
{
    DiskSpaceReading Measure(string path);
}
