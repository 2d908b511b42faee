using System.Globalization;
using System.Text;

namespace ElasticCI.Simulator;

/// <summary>Renders the results of one seed as markdown: the workload, one row per policy, and the issue's goal check.</summary>
internal static class Report
{
    /// <summary>Goal (a): at least this much less idle than the baseline, at no worse p95 wait.</summary>
    private const double IdleSavingGoal = 0.20;

    /// <summary>Goal (b): at most this fraction of the baseline's p95 wait, at no higher total instance-minutes.</summary>
    private const double WaitRatioGoal = 0.5;

    public static string Render(WorkloadSpec spec, int seed, IReadOnlyList<SimJob> jobs, SimResult baseline, SimResult configured,
        IReadOnlyList<SimResult> sensitivity)
    {
        var text = new StringBuilder();
        var durations = jobs.Select(j => j.Duration.TotalSeconds).Order().ToArray();
        text.AppendLine(Invariant($"### Scaling simulation, seed {seed}: {spec.Days} days, {jobs.Count} jobs ({jobs.Count(j => j.Burst)} in bursts), AgentsPerInstance {spec.AgentsPerInstance}, MaxSize {spec.MaxSize}"));
        text.AppendLine();
        text.AppendLine(Invariant($"Job durations drawn: p50 {durations[durations.Length / 2] / 60:0.0} min, p99 {durations[(int)(durations.Length * 0.99)] / 60:0.0} min, max {durations[^1] / 60:0} min; busy instance-minutes (the same for every policy) {baseline.BusyInstanceMinutes:0}."));
        text.AppendLine();
        text.AppendLine("| policy | p50 wait (s) | p95 wait (s) | p99 wait (s) | max wait (s) | background p95 (s) | idle inst-min | idle vs buildkite | zero-busy inst-min | booting inst-min | total inst-min | total vs buildkite | peak instances | launches | jobs completed | goal |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        Row(text, baseline, baseline);
        Row(text, configured, baseline);
        foreach (var result in sensitivity)
        {
            Row(text, result, baseline);
        }
        text.AppendLine();
        text.AppendLine(Invariant($"Goal (issue 6): elastic ≥ {IdleSavingGoal:P0} fewer idle instance-minutes at no worse p95 wait (a), or ≤ {WaitRatioGoal:0.#}× the p95 wait at no higher total instance-minutes (b)."));
        text.AppendLine();
        text.AppendLine(Invariant($"Configured {configured.Name}: {Verdict(configured, baseline)}."));
        text.AppendLine();
        text.AppendLine("Wait columns cover every job; \"background p95\" excludes burst jobs. Instance-minutes: busy + idle + booting = total.");
        return text.ToString();
    }

    private static void Row(StringBuilder text, SimResult r, SimResult baseline)
    {
        var isBaseline = ReferenceEquals(r, baseline);
        text.AppendLine(Invariant(
            $"| {r.Name} | {r.Wait(50):0.0} | {r.Wait(95):0.0} | {r.Wait(99):0.0} | {r.WaitSeconds[^1]:0} | {r.BackgroundWait(95):0.0} | {r.IdleInstanceMinutes:0} | {(isBaseline ? "" : Change(r.IdleInstanceMinutes, baseline.IdleInstanceMinutes))} | {r.ZeroBusyInstanceMinutes:0} | {r.BootInstanceMinutes:0} | {r.TotalInstanceMinutes:0} | {(isBaseline ? "" : Change(r.TotalInstanceMinutes, baseline.TotalInstanceMinutes))} | {r.PeakInstances} | {r.Launches} | {r.JobsCompleted} | {(isBaseline ? "baseline" : Goal(r, baseline))} |"));
    }

    private static string Goal(SimResult r, SimResult baseline)
    {
        var (a, b) = Check(r, baseline);
        return a && b ? "met (a, b)" : a ? "met (a)" : b ? "met (b)" : "not met";
    }

    private static string Verdict(SimResult r, SimResult baseline)
    {
        var (a, b) = Check(r, baseline);
        var saving = 1 - (r.IdleInstanceMinutes / baseline.IdleInstanceMinutes);
        var waitRatio = baseline.Wait(95) > 0 ? r.Wait(95) / baseline.Wait(95) : double.NaN;
        var detail = Invariant($"idle instance-minutes {saving:P0} lower, p95 wait {waitRatio:0.00}× the baseline's, total instance-minutes {Change(r.TotalInstanceMinutes, baseline.TotalInstanceMinutes)}");
        return (a || b ? "goal MET" : "goal NOT met") + (a ? " (a)" : "") + (b ? " (b)" : "") + " — " + detail;
    }

    private static (bool A, bool B) Check(SimResult r, SimResult baseline)
    {
        var a = r.IdleInstanceMinutes <= (1 - IdleSavingGoal) * baseline.IdleInstanceMinutes && r.Wait(95) <= baseline.Wait(95);
        var b = r.Wait(95) <= WaitRatioGoal * baseline.Wait(95) && r.TotalInstanceMinutes <= baseline.TotalInstanceMinutes;
        return (a, b);
    }

    private static string Change(double value, double baseline) => baseline == 0 ? "n/a" : Invariant($"{(value / baseline) - 1:+0%;-0%;0%}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
