namespace ElasticCI.Agent.Jobs.DiskSpace;

/// <summary>Free bytes (available to unprivileged users) and free inodes of one filesystem.</summary>
internal readonly record struct DiskSpaceReading(long FreeBytes, long FreeInodes);
