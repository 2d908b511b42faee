using ElasticCI.Agent.Api;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Agent.Logs;

/// <summary>
/// Buffers a job's output and uploads it in numbered chunks (sequence 1, 2, 3… and contiguous byte offsets), at least
/// once per interval while output arrives and as an empty chunk when it does not: the answer's cancel flag is how a
/// cancel reaches a running job quickly. A chunk that fails keeps its sequence and offset and is sent again.
/// </summary>
/// <remarks><c>WriteAsync</c> may be called from one producer while <see cref="RunAsync"/> uploads.</remarks>
internal sealed partial class LogStreamer(
    IJobApi api,
    string jobId,
    AgentResilience resilience,
    TimeProvider timeProvider,
    TimeSpan interval,
    int maxChunkBytes,
    Action onCancelRequested,
    ILogger logger)
{
    private const int FinalFlushRounds = 3;
    private readonly object _gate = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _maxBufferedBytes = Math.Max(maxChunkBytes * 8, 1);
    private byte[] _buffer = new byte[Math.Min(maxChunkBytes, 64 * 1024)];
    private int _buffered;
    private Chunk? _unsent;
    private long _nextSequence = 1;
    private long _nextOffset;
    private long _acknowledged;
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource? _drained;

    /// <summary>Bytes the coordinator has acknowledged so far.</summary>
    public long AcknowledgedBytes => Interlocked.Read(ref _acknowledged);

    /// <summary>Chunks given up on during the final flush.</summary>
    public int FailedChunks { get; private set; }

    /// <summary>Queues bytes for upload; waits while too much is buffered, which slows the job's output down instead of growing memory.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        // After Complete the final flush may already be over: late output (an abandoned pipe) is dropped.
        while (!data.IsEmpty && !_completed.Task.IsCompleted)
        {
            Task? wait = null;
            lock (_gate)
            {
                var room = _maxBufferedBytes - _buffered;
                if (room > 0)
                {
                    var take = Math.Min(room, data.Length);
                    EnsureCapacity(_buffered + take);
                    data.Span[..take].CopyTo(_buffer.AsSpan(_buffered));
                    _buffered += take;
                    data = data[take..];
                    if (_buffered >= maxChunkBytes)
                    {
                        _wake.TrySetResult();
                    }
                }
                else
                {
                    _drained ??= NewSignal();
                    wait = _drained.Task;
                    _wake.TrySetResult();
                }
            }
            if (wait is not null)
            {
                await wait.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>Writes text as UTF-8.</summary>
    public Task WriteAsync(string text, CancellationToken cancellationToken)
        => WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>No more output will come: <see cref="RunAsync"/> uploads what is left and returns.</summary>
    public void Complete()
    {
        _completed.TrySetResult();
        lock (_gate)
        {
            _wake.TrySetResult();
        }
    }

    /// <summary>Upload loop; returns after <see cref="Complete"/> once everything is flushed (or given up on).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var completing = _completed.Task.IsCompleted;
            var tickStarted = timeProvider.GetTimestamp();
            if (completing)
            {
                await FlushAllAsync(cancellationToken);
                return;
            }
            await UploadAvailableAsync(sendEmptyWhenIdle: true, cancellationToken);
            var remaining = interval - timeProvider.GetElapsedTime(tickStarted);
            Task wake;
            lock (_gate)
            {
                if (_wake.Task.IsCompleted)
                {
                    _wake = NewSignal();
                    // Output or completion raced with the upload above: go round again without waiting.
                    if (_buffered >= maxChunkBytes || _completed.Task.IsCompleted)
                    {
                        continue;
                    }
                }
                wake = _wake.Task;
            }
            if (remaining > TimeSpan.Zero)
            {
                await Task.WhenAny(wake, Task.Delay(remaining, timeProvider, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private async Task FlushAllAsync(CancellationToken cancellationToken)
    {
        var failedRounds = 0;
        while (HasPending())
        {
            if (await UploadAvailableAsync(sendEmptyWhenIdle: false, cancellationToken))
            {
                continue;
            }
            if (++failedRounds >= FinalFlushRounds)
            {
                lock (_gate)
                {
                    FailedChunks += (_unsent is null ? 0 : 1) + (_buffered + maxChunkBytes - 1) / maxChunkBytes;
                    _unsent = null;
                    _buffered = 0;
                }
                Log.GaveUp(logger, jobId, FailedChunks);
                return;
            }
        }
    }

    /// <summary>Uploads the unsent chunk and then everything buffered; false when a chunk failed and is still pending.</summary>
    private async Task<bool> UploadAvailableAsync(bool sendEmptyWhenIdle, CancellationToken cancellationToken)
    {
        var sentAny = false;
        while (true)
        {
            var chunk = NextChunk(allowEmpty: sendEmptyWhenIdle && !sentAny);
            if (chunk is null)
            {
                return true;
            }
            try
            {
                var answer = await resilience.LogUpload.ExecuteAsync(
                    async ct => await api.AppendLogAsync(jobId, chunk.Sequence, chunk.Offset, chunk.Data, ct), cancellationToken);
                lock (_gate)
                {
                    _unsent = null;
                }
                Interlocked.Add(ref _acknowledged, chunk.Data.Length);
                sentAny = true;
                if (answer.Cancel)
                {
                    onCancelRequested();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The chunk stays in _unsent, so the next attempt reuses its sequence and offset.
                Log.UploadFailed(logger, jobId, chunk.Sequence, ex);
                return false;
            }
        }
    }

    private Chunk? NextChunk(bool allowEmpty)
    {
        lock (_gate)
        {
            if (_unsent is not null)
            {
                return _unsent;
            }
            if (_buffered == 0 && !allowEmpty)
            {
                return null;
            }
            var size = Math.Min(_buffered, maxChunkBytes);
            var data = _buffer.AsSpan(0, size).ToArray();
            _buffer.AsSpan(size, _buffered - size).CopyTo(_buffer);
            _buffered -= size;
            _unsent = new Chunk(_nextSequence++, _nextOffset, data);
            _nextOffset += size;
            if (_drained is not null && _buffered < _maxBufferedBytes)
            {
                _drained.TrySetResult();
                _drained = null;
            }
            return _unsent;
        }
    }

    private bool HasPending()
    {
        lock (_gate)
        {
            return _unsent is not null || _buffered > 0;
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(Math.Max(needed, _buffer.Length * 2), _maxBufferedBytes));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Chunk(long Sequence, long Offset, byte[] Data);

    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.LogStreamerUploadFailed, Level = LogLevel.Warning, Message = "Uploading log chunk {Sequence} of job {JobId} failed; it will be sent again")]
        public static partial void UploadFailed(ILogger logger, string jobId, long sequence, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.LogStreamerGaveUp, Level = LogLevel.Error, Message = "Gave up on the log of job {JobId}: {FailedChunks} chunk(s) could not be uploaded")]
        public static partial void GaveUp(ILogger logger, string jobId, int failedChunks);
    }
}
