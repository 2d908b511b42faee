namespace ElasticCI.Simulator;

/// <summary>
/// Discrete-event simulation of one queue and its fleet on a virtual clock. Jobs arrive as drawn, queue FIFO and start
/// on an idle agent of a booted instance (chosen at random among idle agents, as with polling agents); instances boot
/// for their launch index's boot time. The scaler model decides launches and terminations. Single-threaded and
/// seeded, so a run is a pure function of (workload, seed, scaler).
/// </summary>
internal sealed class FleetSimulation
{
    /// <summary>A Monday at midnight UTC; only offsets from it matter.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);

    // Ordered by time, then by insertion, so simultaneous events run in a reproducible order.
    private readonly PriorityQueue<Action, (long Ticks, long Sequence)> _events = new();
    private readonly WorkloadSpec _spec;
    private readonly IReadOnlyList<SimJob> _jobs;
    private readonly IScalerModel _scaler;
    private readonly BootTimes _bootTimes;
    private readonly Random _dispatch;
    private readonly Queue<SimJob> _queue = new();
    private readonly List<SimInstance> _alive = [];
    private readonly double[] _waitSeconds;
    private long _sequence;
    private int _launches;
    private int _completed;
    private int _peak;
    private double _busySlotSeconds, _idleSlotSeconds, _zeroBusySeconds, _bootSeconds, _totalSeconds;

    public FleetSimulation(WorkloadSpec spec, IReadOnlyList<SimJob> jobs, int seed, IScalerModel scaler)
    {
        _spec = spec;
        _jobs = jobs;
        _scaler = scaler;
        _bootTimes = new BootTimes(spec.BootSeconds, seed);
        _dispatch = Seeds.For(seed, Seeds.Dispatch);
        _waitSeconds = new double[jobs.Count];
        Now = Epoch;
    }

    public DateTimeOffset Now { get; private set; }

    public int AgentsPerInstance => _spec.AgentsPerInstance;

    /// <summary>Launched and not terminated, booting or booted, in launch order.</summary>
    public IReadOnlyList<SimInstance> Instances => _alive;

    /// <summary>Runnable jobs not on an agent (Buildkite's jobs.scheduled).</summary>
    public int Queued => _queue.Count;

    /// <summary>Jobs on an agent (Buildkite's jobs.running).</summary>
    public int Running { get; private set; }

    private bool Finished => _completed == _jobs.Count && _alive.Count == 0;

    public void At(DateTimeOffset when, Action action) => _events.Enqueue(action, (Math.Max(when.UtcTicks, Now.UtcTicks), _sequence++));

    public SimResult Run()
    {
        foreach (var job in _jobs)
        {
            At(Epoch + job.ScheduledAt, () => Arrive(job));
        }
        _scaler.Start(this);

        // Arrivals stop after Days; a fleet that has not emptied a week later is a bug in a model, not a result.
        var limit = Epoch + TimeSpan.FromDays(_spec.Days + 7);
        while (!Finished && _events.TryDequeue(out var action, out var key))
        {
            var when = new DateTimeOffset(key.Ticks, TimeSpan.Zero);
            if (when > limit)
            {
                throw new InvalidOperationException($"{_scaler.Name}: the fleet did not settle ({_completed}/{_jobs.Count} jobs, {_alive.Count} instances)");
            }
            Account(when);
            Now = when;
            action();
        }

        var background = _jobs.Where(j => !j.Burst).Select(j => _waitSeconds[j.Index]).Order().ToArray();
        Array.Sort(_waitSeconds);
        var apr = (double)_spec.AgentsPerInstance;
        return new SimResult(_scaler.Name, _waitSeconds, background, _busySlotSeconds / apr / 60, _idleSlotSeconds / apr / 60, _zeroBusySeconds / 60,
            _bootSeconds / 60, _totalSeconds / 60, _peak, _launches, _completed, Now - Epoch);
    }

    public SimInstance Launch()
    {
        var instance = new SimInstance(_launches, Now, _spec.AgentsPerInstance);
        var boot = _bootTimes[_launches];
        _launches++;
        _alive.Add(instance);
        _peak = Math.Max(_peak, _alive.Count);
        At(Now + boot, () => Boot(instance));
        return instance;
    }

    /// <summary>Removes an instance at once; only an instance with every agent idle may go, so no job is ever killed.</summary>
    public void Terminate(SimInstance instance)
    {
        if (!instance.AllIdle || instance.Terminated)
        {
            throw new InvalidOperationException($"{_scaler.Name}: {instance.Id} terminated while busy, booting or gone");
        }
        instance.Terminated = true;
        _alive.Remove(instance);
    }

    private void Arrive(SimJob job)
    {
        _queue.Enqueue(job);
        Dispatch();
        _scaler.OnJobScheduled(this);
    }

    private void Boot(SimInstance instance)
    {
        instance.Booted = true;
        foreach (var slot in instance.Slots)
        {
            slot.IdleSince = Now;
        }
        Dispatch();
        if (instance.AllIdle)
        {
            _scaler.OnInstanceIdle(this, instance);
        }
    }

    private void Finish(SimInstance instance, AgentSlot slot)
    {
        slot.Job = null;
        slot.IdleSince = Now;
        Running--;
        _completed++;
        Dispatch();
        if (instance.AllIdle)
        {
            _scaler.OnInstanceIdle(this, instance);
        }
    }

    /// <summary>While jobs queue and agents idle: the oldest job goes to a random idle agent.</summary>
    private void Dispatch()
    {
        if (_queue.Count == 0)
        {
            return;
        }
        var idle = new List<(SimInstance Instance, AgentSlot Slot)>();
        foreach (var instance in _alive.Where(i => i.Booted))
        {
            idle.AddRange(instance.Slots.Where(s => s.Job is null).Select(s => (instance, s)));
        }
        while (_queue.Count > 0 && idle.Count > 0)
        {
            var pick = _dispatch.Next(idle.Count);
            var (instance, slot) = idle[pick];
            idle.RemoveAt(pick);
            var job = _queue.Dequeue();
            slot.Job = job;
            Running++;
            _waitSeconds[job.Index] = (Now - (Epoch + job.ScheduledAt)).TotalSeconds;
            At(Now + job.Duration, () => Finish(instance, slot));
        }
    }

    /// <summary>Integrates the fleet's state over the time since the previous event.</summary>
    private void Account(DateTimeOffset until)
    {
        var dt = (until - Now).TotalSeconds;
        if (dt <= 0)
        {
            return;
        }
        foreach (var instance in _alive)
        {
            _totalSeconds += dt;
            if (!instance.Booted)
            {
                _bootSeconds += dt;
                continue;
            }
            var busy = instance.Busy;
            _busySlotSeconds += busy * dt;
            _idleSlotSeconds += (_spec.AgentsPerInstance - busy) * dt;
            if (busy == 0)
            {
                _zeroBusySeconds += dt;
            }
        }
    }
}
