namespace ElasticCI.Simulator;

/// <summary>One job of the synthetic workload; times are offsets from the start of the run.</summary>
/// <param name="Index">Position in arrival order; also the FIFO order of the queue.</param>
/// <param name="ScheduledAt">When the job becomes runnable (Buildkite's "scheduled").</param>
/// <param name="Duration">How long it runs once an agent starts it.</param>
/// <param name="Burst">Part of a burst rather than the Poisson background.</param>
internal sealed record SimJob(int Index, TimeSpan ScheduledAt, TimeSpan Duration, bool Burst);
