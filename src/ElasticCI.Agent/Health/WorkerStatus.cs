namespace ElasticCI.Agent.Health;

/// <summary>What one worker is doing, for the health-check endpoint. Written by the worker, read by the server; thread-safe.</summary>
internal sealed class WorkerStatus(string name)
{
    private readonly Lock _lock = new();
    private string _state = WorkerStates.Starting;
    private string? _jobId;
    private DateTimeOffset? _lastHeartbeat;
    private TimeSpan? _lostAfter;

    public string Name => name;

    public void Registered(DateTimeOffset at, TimeSpan lostAfter)
    {
        lock (_lock)
        {
            _state = WorkerStates.Idle;
            _lastHeartbeat = at;
            _lostAfter = lostAfter;
        }
    }

    public void Heartbeat(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastHeartbeat = at;
        }
    }

    public void Busy(string jobId)
    {
        lock (_lock)
        {
            _state = _state == WorkerStates.Stopping ? _state : WorkerStates.Busy;
            _jobId = jobId;
        }
    }

    public void Idle()
    {
        lock (_lock)
        {
            _state = _state == WorkerStates.Stopping ? _state : WorkerStates.Idle;
            _jobId = null;
        }
    }

    public void Stopping()
    {
        lock (_lock)
        {
            _state = WorkerStates.Stopping;
        }
    }

    /// <summary>A copy of the state, plus whether the coordinator has been unreachable longer than it takes to lose an agent.</summary>
    public WorkerSnapshot Snapshot(DateTimeOffset now)
    {
        lock (_lock)
        {
            var unreachable = _lastHeartbeat is { } last && _lostAfter is { } lost && now - last > lost;
            return new WorkerSnapshot(name, _state, _jobId, _lastHeartbeat, unreachable);
        }
    }
}
