using System.Text;
using ElasticCI.Client;

namespace ElasticCI.Cli.Commands;

/// <summary>
/// Tells <see cref="BuildWatcher"/> when to re-read its build: on each event of the build's event stream, and at least every
/// few seconds; once the stream fails or ends, on a fixed poll interval instead.
/// </summary>
internal sealed class BuildWakeups(CoordinatorClient api, string buildId, BuildWakeups.Intervals intervals) : IAsyncDisposable
{
    /// <summary>How often to re-read without an event: while streaming (so a missed event can delay the watch but never stall it), and once the stream failed.</summary>
    internal sealed record Intervals(TimeSpan Streaming, TimeSpan Polling)
    {
        public static Intervals Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(250));
    }

    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private volatile bool _streaming;

    public void Start()
    {
        _streaming = true;
        _reader = Task.Run(() => ReadAsync(_stop.Token));
    }

    /// <summary>Waits for the next change (or the interval); a change that came since the last wait returns at once.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
        => _signal.WaitAsync(_streaming ? intervals.Streaming : intervals.Polling, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        _stop.Dispose();
        _signal.Dispose();
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await api.OpenBuildEventsAsync(buildId, cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    Wake();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception)
        {
            // Any stream failure (refused, 404 from an older coordinator, dropped connection): fall back to polling below.
        }
        _streaming = false;
        Wake();
    }

    private void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the watcher re-reads the whole build once for any number of changes.
        }
    }
}
