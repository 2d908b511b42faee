using System.Collections.Concurrent;
using ElasticCI.Compute;

namespace ElasticCI.Coordinator.Tests.Compute;

/// <summary>The machines of a <see cref="FakeComputeProvider"/>: they outlive any one provider object, as cloud machines outlive a coordinator.</summary>
internal sealed class FakeCloud
{
    private int _launches;

    public ConcurrentDictionary<string, ComputeInstanceStatus> Instances { get; } = new(StringComparer.Ordinal);

    /// <summary>How many instances were ever launched.</summary>
    public int Launches => Volatile.Read(ref _launches);

    public void CountLaunch() => Interlocked.Increment(ref _launches);
}
