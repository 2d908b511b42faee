using System.Threading.Channels;
using ElasticCI.Storage;

namespace ElasticCI.Cluster.Postgres;

/// <summary>
/// The cluster signal of replicas sharing a database: <see cref="Raise"/> wakes this process's waiters at once (as
/// <see cref="InProcessClusterSignal"/> does) and asks <see cref="PostgresSignalRelay"/> to <c>NOTIFY</c> the other
/// replicas, whose relays pulse their own waiters. Raises that come faster than a notification goes out are
/// coalesced into one: a waiter only needs to know that something changed since it looked.
/// </summary>
internal sealed class PostgresClusterSignal : IClusterSignal
{
    private readonly InProcessClusterSignal _local = new();
    private readonly Channel<bool> _outbox = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>This process's mark on its notifications, so its relay ignores the echo of its own raises.</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    public Task Changed => _local.Changed;

    public void Raise()
    {
        _local.Raise();
        _outbox.Writer.TryWrite(true);
    }

    /// <summary>Wakes only this process's waiters: a notification from another replica, or a reconnect (a change may have been missed).</summary>
    internal void RaiseLocal() => _local.Raise();

    /// <summary>Puts a raise back whose notification could not be sent.</summary>
    internal void Requeue() => _outbox.Writer.TryWrite(true);

    /// <summary>Raises waiting to be sent to the other replicas (read by the relay).</summary>
    internal ChannelReader<bool> Outbox => _outbox.Reader;
}
