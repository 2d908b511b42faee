namespace ElasticCI.Simulator;

/// <summary>What one policy did with the workload. Instance-minutes split into busy + idle + booting = total.</summary>
/// <param name="WaitSeconds">Queue wait (scheduled → started) of every job, ascending.</param>
/// <param name="BackgroundWaitSeconds">The same for the Poisson background jobs only (bursts excluded), ascending.</param>
/// <param name="BusyInstanceMinutes">Busy agent-minutes ÷ AgentsPerInstance; the same for every policy (same jobs).</param>
/// <param name="IdleInstanceMinutes">Idle agent-minutes of booted instances ÷ AgentsPerInstance (partly idle instances count their idle share).</param>
/// <param name="ZeroBusyInstanceMinutes">Minutes booted instances spent with no busy agent at all (a stricter idle measure).</param>
/// <param name="BootInstanceMinutes">Minutes instances spent booting: paid for, not usable.</param>
/// <param name="TotalInstanceMinutes">Every minute of every instance, launch to termination.</param>
internal sealed record SimResult(
    string Name,
    double[] WaitSeconds,
    double[] BackgroundWaitSeconds,
    double BusyInstanceMinutes,
    double IdleInstanceMinutes,
    double ZeroBusyInstanceMinutes,
    double BootInstanceMinutes,
    double TotalInstanceMinutes,
    int PeakInstances,
    int Launches,
    int JobsCompleted,
    TimeSpan Duration)
{
    public double Wait(double percent) => Percentile(WaitSeconds, percent);

    public double BackgroundWait(double percent) => Percentile(BackgroundWaitSeconds, percent);

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    private static double Percentile(double[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
