using System.Collections.Concurrent;
using System.Text;
using ElasticCI.Agent.Api;
using ElasticCI.Protocol.Agents;

namespace ElasticCI.Agent.Tests.Fakes;

/// <summary>Hand-written coordinator stand-in: records every call and lets a test script the answers.</summary>
internal sealed class FakeAgentApi : IAgentApi
{
    private readonly object _gate = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _logWaiters = [];
    private readonly MemoryStream _log = new();
    private readonly ConcurrentQueue<NextJobResponse> _jobs = new();

    public List<AppendAttempt> Attempts { get; } = [];

    public List<AppendAttempt> StoredChunks { get; } = [];

    public bool StartResult { get; set; } = true;

    /// <summary>When true, every log answer carries cancel = true.</summary>
    public volatile bool CancelRequested;

    /// <summary>Decides per append attempt whether to throw; null lets it through.</summary>
    public Func<AppendAttempt, Exception?>? AppendFault { get; set; }

    public Func<RegisterAgentRequest, RegisterAgentResponse> OnRegister { get; set; } = request =>
        new RegisterAgentResponse("agent-" + request.Name, request.Name, "access", 0.1, 25);

    public Func<HeartbeatResponse> OnHeartbeat { get; set; } = () => new HeartbeatResponse(AgentActions.Continue, []);

    public ConcurrentQueue<RegisterAgentRequest> Registrations { get; } = new();

    public TaskCompletionSource Registered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<FinishJobRequest> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<(string JobId, FinishJobRequest Request)> Finishes { get; } = new();

    public TaskCompletionSource Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int StartCalls;

    public int HeartbeatCalls;

    public string LogText
    {
        get
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_log.ToArray());
            }
        }
    }

    public void EnqueueJob(JobAssignment job) => _jobs.Enqueue(new NextJobResponse(AgentActions.Job, job));

    public void EnqueueStop() => _jobs.Enqueue(new NextJobResponse(AgentActions.Stop, null));

    /// <summary>Completes once the stored log contains <paramref name="text"/>.</summary>
    public Task WaitForLogAsync(string text)
    {
        lock (_gate)
        {
            if (Encoding.UTF8.GetString(_log.ToArray()).Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _logWaiters.Add((text, seen));
            return seen.Task;
        }
    }

    public Task<RegisterAgentResponse> RegisterAsync(string registrationToken, RegisterAgentRequest request, CancellationToken cancellationToken)
    {
        Registrations.Enqueue(request);
        var response = OnRegister(request);
        Registered.TrySetResult();
        return Task.FromResult(response);
    }

    public async Task<NextJobResponse> NextJobAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_jobs.TryDequeue(out var next))
            {
                return next;
            }
            // A long poll: nothing to hand out, so wait (briefly, to notice newly queued jobs) until canceled.
            await Task.Delay(10, cancellationToken);
        }
    }

    public Task<HeartbeatResponse> HeartbeatAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref HeartbeatCalls);
        return Task.FromResult(OnHeartbeat());
    }

    public Task DisconnectAsync(CancellationToken cancellationToken)
    {
        Disconnected.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<bool> StartJobAsync(string jobId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref StartCalls);
        return Task.FromResult(StartResult);
    }

    public Task<LogAppendResponse> AppendLogAsync(string jobId, long sequence, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var attempt = new AppendAttempt(sequence, offset, data.ToArray());
        lock (_gate)
        {
            Attempts.Add(attempt);
            if (AppendFault?.Invoke(attempt) is { } fault)
            {
                throw fault;
            }
            // Idempotent like the real coordinator: a sequence already stored is ignored.
            if (!StoredChunks.Exists(c => c.Sequence == sequence))
            {
                StoredChunks.Add(attempt);
                _log.Write(attempt.Data);
            }
            var text = Encoding.UTF8.GetString(_log.ToArray());
            foreach (var waiter in _logWaiters.Where(w => text.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Seen.TrySetResult();
                _logWaiters.Remove(waiter);
            }
            return Task.FromResult(new LogAppendResponse(_log.Length, CancelRequested));
        }
    }

    public Task FinishJobAsync(string jobId, FinishJobRequest request, CancellationToken cancellationToken)
    {
        Finishes.Enqueue((jobId, request));
        Finished.TrySetResult(request);
        return Task.CompletedTask;
    }

    internal sealed record AppendAttempt(long Sequence, long Offset, byte[] Data);
}
