namespace ElasticCI.Simulator;

/// <summary>Draws the job list of a run: Poisson arrivals with a daily profile, plus bursts, with lognormal durations.</summary>
internal static class WorkloadGenerator
{
    /// <summary>z of the 99th percentile of the standard normal distribution.</summary>
    private const double Z99 = 2.3263478740408408;

    public static IReadOnlyList<SimJob> Generate(WorkloadSpec spec, int seed)
    {
        var arrivals = Seeds.For(seed, Seeds.Arrivals);
        var times = new List<(TimeSpan At, bool Burst)>();
        for (var day = 0; day < spec.Days; day++)
        {
            var dayStart = TimeSpan.FromDays(day);
            for (var hour = 0; hour < 24; hour++)
            {
                // Piecewise-constant rate: restarting the exponential clock at each hour is exact (memorylessness).
                var perSecond = spec.HourlyJobRates[hour] / 3600.0;
                if (perSecond <= 0)
                {
                    continue;
                }
                var t = hour * 3600.0;
                while (true)
                {
                    t += -Math.Log(1.0 - arrivals.NextDouble()) / perSecond;
                    if (t >= (hour + 1) * 3600.0)
                    {
                        break;
                    }
                    times.Add((dayStart + TimeSpan.FromSeconds(t), false));
                }
            }
            var bursts = arrivals.Next(spec.Bursts.PerDayMin, spec.Bursts.PerDayMax + 1);
            for (var b = 0; b < bursts; b++)
            {
                var start = (spec.Bursts.StartHour + (arrivals.NextDouble() * (spec.Bursts.EndHour - spec.Bursts.StartHour))) * 3600.0;
                var size = arrivals.Next(spec.Bursts.SizeMin, spec.Bursts.SizeMax + 1);
                for (var j = 0; j < size; j++)
                {
                    times.Add((dayStart + TimeSpan.FromSeconds(start + (arrivals.NextDouble() * spec.Bursts.SpreadSeconds)), true));
                }
            }
        }

        // OrderBy is stable, so equal times keep their generation order and the result is reproducible.
        var ordered = times.OrderBy(t => t.At).ToList();
        var durations = Seeds.For(seed, Seeds.Durations);
        var mu = Math.Log(spec.JobDuration.MedianSeconds);
        var sigma = (Math.Log(spec.JobDuration.P99Seconds) - mu) / Z99;
        var jobs = new List<SimJob>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var seconds = Math.Exp(mu + (sigma * StandardNormal(durations)));
            jobs.Add(new SimJob(i, ordered[i].At, TimeSpan.FromSeconds(seconds), ordered[i].Burst));
        }
        return jobs;
    }

    /// <summary>Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].</summary>
    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
