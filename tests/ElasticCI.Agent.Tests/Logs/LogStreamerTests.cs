using System.Net;
using System.Text;
using ElasticCI.Agent.Api;
using ElasticCI.Agent.Logs;
using ElasticCI.Agent.Tests.Fakes;
using ElasticCI.Client;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Logs;

public sealed class LogStreamerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly FakeAgentApi _api = new();
    private readonly ILogger _logger = new TestLoggerFactory(output).CreateLogger<LogStreamer>();

    [Fact]
    public async Task RunAsync_ManyWrites_ChunksHaveIncreasingSequencesAndContiguousOffsets()
    {
        var streamer = Create(maxChunkBytes: 10);
        var running = streamer.RunAsync(CancellationToken.None);
        var expected = new StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            var piece = $"line {i}\n";
            expected.Append(piece);
            await streamer.WriteAsync(piece, CancellationToken.None);
        }

        streamer.Complete();
        await running.WaitAsync(Timeout);

        var chunks = _api.StoredChunks;
        Assert.Equal(Enumerable.Range(1, chunks.Count).Select(i => (long)i), chunks.Select(c => c.Sequence));
        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.Equal(chunks[i - 1].Offset + chunks[i - 1].Data.Length, chunks[i].Offset);
        }
        Assert.All(chunks, c => Assert.InRange(c.Data.Length, 0, 10));
        Assert.Equal(expected.ToString(), _api.LogText);
        Assert.Equal(expected.Length, streamer.AcknowledgedBytes);
        Assert.Equal(_api.Attempts.Count, chunks.Count);
    }

    [Fact]
    public async Task RunAsync_LargeWrite_SplitsIntoChunksOfAtMostOneMebibyte()
    {
        var streamer = Create(maxChunkBytes: 1024 * 1024);
        var running = streamer.RunAsync(CancellationToken.None);
        var data = new byte[(5 * 1024 * 1024) / 2];
        new Random(7).NextBytes(data);

        await streamer.WriteAsync(data, CancellationToken.None);
        streamer.Complete();
        await running.WaitAsync(Timeout);

        Assert.All(_api.StoredChunks, c => Assert.True(c.Data.Length <= 1024 * 1024));
        Assert.Equal(data, _api.StoredChunks.SelectMany(c => c.Data).ToArray());
    }

    [Fact]
    public async Task RunAsync_TransientUploadFailure_RetriesWithSameSequenceAndOffset()
    {
        var failed = 0;
        _api.AppendFault = attempt => attempt.Sequence == 2 && failed++ < 2 ? new HttpRequestException("connection reset") : null;
        var streamer = Create(maxChunkBytes: 4);
        var running = streamer.RunAsync(CancellationToken.None);

        await streamer.WriteAsync("abcdefghij", CancellationToken.None);
        streamer.Complete();
        await running.WaitAsync(Timeout);

        var second = _api.Attempts.Where(a => a.Sequence == 2).ToList();
        Assert.Equal(3, second.Count);
        Assert.All(second, a => Assert.Equal(second[0].Offset, a.Offset));
        Assert.All(second, a => Assert.Equal(second[0].Data, a.Data));
        Assert.Equal("abcdefghij", _api.LogText);
        Assert.Equal(_api.StoredChunks.Select(c => c.Sequence).Distinct().Count(), _api.StoredChunks.Count);
    }

    [Fact]
    public async Task RunAsync_FailureOutlastingRetries_ChunkIsSentAgainNextTickUnchanged()
    {
        var failed = 0;
        // More failures than one round of retries allows (1 + 4 attempts), all with a server error.
        _api.AppendFault = attempt => Encoding.UTF8.GetString(attempt.Data) == "first" && failed++ < 7
            ? new CoordinatorException(HttpStatusCode.ServiceUnavailable, null)
            : null;
        var streamer = Create(maxChunkBytes: 1024);
        var running = streamer.RunAsync(CancellationToken.None);

        await streamer.WriteAsync("first", CancellationToken.None);
        await _api.WaitForLogAsync("first").WaitAsync(Timeout);
        await streamer.WriteAsync("second", CancellationToken.None);
        streamer.Complete();
        await running.WaitAsync(Timeout);

        var first = _api.Attempts.Where(a => Encoding.UTF8.GetString(a.Data) == "first").ToList();
        Assert.Equal(8, first.Count);
        Assert.All(first, a => Assert.Equal((first[0].Sequence, first[0].Offset), (a.Sequence, a.Offset)));
        // Nothing else was numbered while the chunk was pending: stored sequences have no gaps.
        Assert.Equal(Enumerable.Range(1, _api.StoredChunks.Count).Select(i => (long)i), _api.StoredChunks.Select(c => c.Sequence));
        Assert.Equal("firstsecond", _api.LogText);
        Assert.Equal(11, streamer.AcknowledgedBytes);
    }

    [Fact]
    public async Task RunAsync_NoOutput_SendsEmptyChunksAndReportsCancelFromAnswer()
    {
        var canceled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.CancelRequested = true;
        var streamer = Create(maxChunkBytes: 1024, onCancel: () => canceled.TrySetResult());
        var running = streamer.RunAsync(CancellationToken.None);

        await canceled.Task.WaitAsync(Timeout);
        streamer.Complete();
        await running.WaitAsync(Timeout);

        Assert.NotEmpty(_api.Attempts);
        Assert.Equal(1, _api.Attempts[0].Sequence);
        Assert.Empty(_api.Attempts[0].Data);
        Assert.Equal(0, streamer.AcknowledgedBytes);
    }

    private LogStreamer Create(int maxChunkBytes, Action? onCancel = null) => new(
        _api,
        "job-1",
        new AgentResilience(TimeProvider.System, TimeSpan.FromMilliseconds(1)),
        TimeProvider.System,
        TimeSpan.FromMilliseconds(20),
        maxChunkBytes,
        onCancel ?? (() => { }),
        _logger);
}
