using System.Text;
using ElasticCI.Client;

namespace ElasticCI.Cli.Commands;

/// <summary>
/// Tells <see cref="BuildWatcher"/> when to re-read its build: on each event of the build's event stream, and at least every
/// few seconds; once the stream fails or ends, on a fixed poll interval instead.
/// </summary>
internal sealed class BuildWakeups(CoordinatorClient api, string buildId) : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Re-read even while the stream is quiet, so a missed event can delay the watch but never stall it.</summary>
    private static readonly TimeSpan StreamingInterval = TimeSpan.FromSeconds(5);

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
        => _signal.WaitAsync(_streaming ? StreamingInterval : PollInterval, cancellationToken);

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
