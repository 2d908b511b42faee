using ElasticCI.Coordinator.Dispatch;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>
/// <see cref="ScheduledQueuesProbe"/>'s sharing rule (unit tests of its logic: the store is a hand-written fake whose
/// reads the test releases; the store's own query is in the store conformance suite).
/// </summary>
public sealed class ScheduledQueuesProbeTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task MayHaveWorkAsync_WaitersOfOneChange_ShareOneReadAndEachGetsItsQueuesAnswer()
    {
        var store = new ReadsOnHold();
        var probe = new ScheduledQueuesProbe(store);
        var change = new TaskCompletionSource().Task;

        var waiters = new[] { "default", "default", "deploy", "gpu" }.Select(queue => probe.MayHaveWorkAsync(change, queue, Ct)).ToList();
        store.Answer(0, "default", "deploy");

        var answers = await Task.WhenAll(waiters);
        Assert.Equal([true, true, true, false], answers);
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task MayHaveWorkAsync_AfterAnotherChange_ReadsAgain()
    {
        var store = new ReadsOnHold();
        var probe = new ScheduledQueuesProbe(store);
        var first = probe.MayHaveWorkAsync(new TaskCompletionSource().Task, "default", Ct);
        store.Answer(0);
        Assert.False(await first);

        // A job scheduled since the first read raised the signal: the waiters hold the new change task.
        var second = probe.MayHaveWorkAsync(new TaskCompletionSource().Task, "default", Ct);
        store.Answer(1, "default");

        Assert.True(await second);
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task MayHaveWorkAsync_ReadFails_MaybeSoTheWaiterClaimsAndTheNextAskReadsAgain()
    {
        var store = new ReadsOnHold();
        var probe = new ScheduledQueuesProbe(store);
        var change = new TaskCompletionSource().Task;
        var failed = probe.MayHaveWorkAsync(change, "default", Ct);
        store.Fail(0, new TimeoutException("the database did not answer"));
        Assert.True(await failed);

        var again = probe.MayHaveWorkAsync(change, "default", Ct);
        store.Answer(1);

        Assert.False(await again);
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task MayHaveWorkAsync_OneWaiterGivesUp_TheSharedReadGoesOnForTheOthers()
    {
        var store = new ReadsOnHold();
        var probe = new ScheduledQueuesProbe(store);
        var change = new TaskCompletionSource().Task;
        using var leaving = new CancellationTokenSource();
        var gone = probe.MayHaveWorkAsync(change, "default", leaving.Token);
        var staying = probe.MayHaveWorkAsync(change, "default", Ct);

        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        store.Answer(0, "default");

        Assert.True(await staying);
        Assert.Equal(1, store.Reads);
    }

    /// <summary>A job store whose only working call is the probe's read, answered when the test says so.</summary>
    private sealed class ReadsOnHold : IJobStore
    {
        private readonly List<TaskCompletionSource<IReadOnlySet<string>>> _reads = [];

        public int Reads
        {
            get
            {
                lock (_reads)
                {
                    return _reads.Count;
                }
            }
        }

        public void Answer(int read, params string[] queues) => Read(read).SetResult(queues.ToHashSet(StringComparer.Ordinal));

        public void Fail(int read, Exception error) => Read(read).SetException(error);

        private TaskCompletionSource<IReadOnlySet<string>> Read(int read)
        {
            lock (_reads)
            {
                return _reads[read];
            }
        }

        public Task<IReadOnlySet<string>> GetQueuesWithScheduledJobsAsync(CancellationToken cancellationToken)
        {
            var read = new TaskCompletionSource<IReadOnlySet<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_reads)
            {
                _reads.Add(read);
            }
            return read.Task;
        }

        public Task<JobClaim?> TryClaimAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StartOutcome> StartAsync(string jobId, string agentId, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LogAppendResult> AppendLogAsync(
            string jobId, string agentId, long sequence, long offset, ReadOnlyMemory<byte> data, long maxLogBytes, CancellationToken cancellationToken)
            => throw new NotSupportedException();

        public Task<byte[]?> ReadLogAsync(string jobId, long offset, int maxBytes, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<FinishOutcome> FinishAsync(string jobId, string agentId, int exitStatus, DateTimeOffset now, CancellationToken cancellationToken)
            => throw new NotSupportedException();

        public Task<FinishOutcome> FinishAsync(
            string jobId, string agentId, int exitStatus, string? signal, string? signalReason, DateTimeOffset now, CancellationToken cancellationToken)
            => throw new NotSupportedException();

        public Task<RetryResult> RetryJobAsync(string jobId, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<UnblockOutcome> UnblockAsync(string jobId, IReadOnlyDictionary<string, string> metaData, DateTimeOffset now, CancellationToken cancellationToken)
            => throw new NotSupportedException();

        public Task<IReadOnlyList<JobRecord>> ListRunnableTriggersAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> StartTriggerAsync(string jobId, string? triggeredBuildId, bool async, string? failure, DateTimeOffset now, CancellationToken cancellationToken)
            => throw new NotSupportedException();

        public Task<int> FinishTriggersAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> RequestTimeoutsAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
