using System.Diagnostics.Metrics;

namespace ElasticCI.Coordinator.Observability;

/// <summary>
/// The coordinator's metrics, on one <see cref="Meter"/> that the Prometheus endpoint (<c>/metrics</c>) and the optional OTLP
/// exporter both read. Gauges come from the latest <see cref="FleetSnapshot"/>; histograms and counters are recorded where the
/// event happens. Names are the Prometheus names (docs/observability.md lists each with its meaning).
/// </summary>
internal sealed class ElasticCIMetrics : IDisposable
{
    public const string MeterName = "ElasticCI.Coordinator";

    // Buckets from 50 ms to 30 min: dispatch is sub-second, a cold scale-out takes tens of seconds, jobs take minutes.
    private static readonly double[] SecondsBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

    private readonly Meter _meter = new(MeterName);
    private volatile FleetSnapshot _snapshot = FleetSnapshot.Empty;
    private volatile IReadOnlyList<Storage.FinishedJobCount> _finished = [];

    public ElasticCIMetrics()
    {
        QueueGauge("elasticci_scheduled_jobs", "Jobs runnable and waiting for an agent, per queue (Buildkite ScheduledJobsCount).", q => q.Scheduled);
        QueueGauge("elasticci_running_jobs", "Jobs on an agent (assigned or running), per queue (Buildkite RunningJobsCount).", q => q.Running);
        QueueGauge("elasticci_waiting_jobs", "Jobs held behind a wait step or dependency, per queue (Buildkite WaitingJobsCount).", q => q.Waiting);
        QueueGauge("elasticci_idle_agents", "Connected agents without a job, per queue.", q => q.IdleAgents);
        QueueGauge("elasticci_busy_agents", "Connected agents running a job, per queue.", q => q.BusyAgents);
        QueueGauge("elasticci_total_agents", "Connected agents, per queue.", q => q.TotalAgents);
        _meter.CreateObservableGauge("elasticci_busy_agent_percentage",
            () => _snapshot.Queues.Select(q => new Measurement<double>(q.TotalAgents == 0 ? 0 : 100.0 * q.BusyAgents / q.TotalAgents, new KeyValuePair<string, object?>("queue", q.Queue))),
            unit: null, description: "Busy agents as a percentage (0-100) of connected agents, per queue (Buildkite BusyAgentPercentage).");
        _meter.CreateObservableGauge("elasticci_stack_desired_instances",
            () => _snapshot.Stacks.Select(s => new Measurement<long>(s.Desired, new KeyValuePair<string, object?>("stack", s.Name))),
            unit: null, description: "Instances the stack's last scaling decision asked for.");
        _meter.CreateObservableGauge("elasticci_stack_instances",
            () => _snapshot.Stacks.SelectMany(s => s.InstancesByState.Select(kv => new Measurement<long>(kv.Value,
                new KeyValuePair<string, object?>("stack", s.Name), new KeyValuePair<string, object?>("state", kv.Key)))),
            unit: null, description: "The stack's instances by state (pending, running, draining).");
        JobWait = Histogram("elasticci_job_wait_seconds", "Time from a job being scheduled to it starting on an agent, per queue.");
        JobPhase = Histogram("elasticci_job_phase_seconds", "Duration of each phase of a job (the phases of /api/v1/jobs/{id}/timings), per queue and phase.");
        DispatchLatency = Histogram("elasticci_dispatch_latency_seconds", "Time from a job being scheduled to it being handed to an agent, per queue.");
        ScalingDecisions = _meter.CreateCounter<long>("elasticci_scaling_decisions_total", unit: null,
            description: "Scaling actions recorded (launch, drain, terminated, ...), per stack and action.");
        // Read from the jobs themselves, so a job counts whatever ended it: its agent, a lost agent, a cancel before any
        // agent took it, a trigger; counting at the agent's finish call alone missed all but the first.
        _meter.CreateObservableCounter("elasticci_jobs_finished_total",
            () => _finished.Select(f => new Measurement<long>(f.Count,
                new KeyValuePair<string, object?>("queue", f.Queue), new KeyValuePair<string, object?>("state", f.State))),
            unit: null, description: "Jobs that reached a final state (by an agent, a lost agent, a cancel or a trigger), per queue and state.");
        LogBytes = _meter.CreateCounter<long>("elasticci_log_bytes_total", unit: null,
            description: "Job log bytes accepted from agents, per queue.");
    }

    public Histogram<double> JobWait { get; }

    public Histogram<double> JobPhase { get; }

    public Histogram<double> DispatchLatency { get; }

    public Counter<long> ScalingDecisions { get; }

    public Counter<long> LogBytes { get; }

    /// <summary>The numbers the gauges report from now on.</summary>
    public void Publish(FleetSnapshot snapshot) => _snapshot = snapshot;

    /// <summary>The finished-job counts <c>elasticci_jobs_finished_total</c> reports from now on.</summary>
    public void PublishFinished(IReadOnlyList<Storage.FinishedJobCount> finished) => _finished = finished;

    public void Dispose() => _meter.Dispose();

    private void QueueGauge(string name, string description, Func<Storage.QueueMetrics, int> value)
        => _meter.CreateObservableGauge(name,
            () => _snapshot.Queues.Select(q => new Measurement<long>(value(q), new KeyValuePair<string, object?>("queue", q.Queue))),
            unit: null, description: description);

    private Histogram<double> Histogram(string name, string description)
        => _meter.CreateHistogram(name, unit: "s", description: description,
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
}
