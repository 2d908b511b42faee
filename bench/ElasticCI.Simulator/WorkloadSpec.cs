using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElasticCI.Simulator;

/// <summary>Every parameter of a simulation run, read from <c>workload.json</c>; see the README for the meaning of each.</summary>
internal sealed record WorkloadSpec
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A misspelt parameter must fail loudly rather than silently run with the default.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Days of arrivals; the run then continues until every job has finished and the fleet is empty.</summary>
    public required int Days { get; init; }

    /// <summary>Poisson arrival rate (jobs per hour) for each hour of the day, 24 values, hour 0 = midnight.</summary>
    public required double[] HourlyJobRates { get; init; }

    public required BurstSpec Bursts { get; init; }
    public required DurationSpec JobDuration { get; init; }
    public required RangeSpec BootSeconds { get; init; }
    public required int AgentsPerInstance { get; init; }
    public required int MinSize { get; init; }
    public required int MaxSize { get; init; }
    public required BuildkiteSpec Buildkite { get; init; }
    public required ElasticSpec Elastic { get; init; }

    public static WorkloadSpec Load(string path)
    {
        var spec = JsonSerializer.Deserialize<WorkloadSpec>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidDataException($"{path}: empty workload");
        var errors = spec.Validate();
        return errors.Count == 0 ? spec : throw new InvalidDataException($"{path}: {string.Join("; ", errors)}");
    }

    /// <summary>Every problem at once, so a bad file is fixed in one go.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(Days >= 1, "days must be at least 1");
        Check(HourlyJobRates is { Length: 24 } && HourlyJobRates.All(r => r >= 0), "hourlyJobRates needs 24 non-negative values");
        Check(Bursts.PerDayMin >= 0 && Bursts.PerDayMax >= Bursts.PerDayMin, "bursts.perDayMin/perDayMax: 0 ≤ min ≤ max");
        Check(Bursts.SizeMin >= 1 && Bursts.SizeMax >= Bursts.SizeMin, "bursts.sizeMin/sizeMax: 1 ≤ min ≤ max");
        Check(Bursts.StartHour >= 0 && Bursts.EndHour <= 24 && Bursts.StartHour < Bursts.EndHour, "bursts.startHour/endHour: 0 ≤ start < end ≤ 24");
        Check(Bursts.SpreadSeconds >= 0, "bursts.spreadSeconds must be ≥ 0");
        Check(JobDuration.MedianSeconds > 0 && JobDuration.P99Seconds > JobDuration.MedianSeconds, "jobDuration: 0 < medianSeconds < p99Seconds");
        Check(BootSeconds.Min > 0 && BootSeconds.Max >= BootSeconds.Min, "bootSeconds: 0 < min ≤ max");
        Check(AgentsPerInstance >= 1, "agentsPerInstance must be at least 1");
        Check(MinSize >= 0 && MaxSize >= Math.Max(1, MinSize), "minSize/maxSize: 0 ≤ minSize ≤ maxSize, maxSize ≥ 1");
        Check(Buildkite.TickSeconds > 0 && Buildkite.ScaleOutCooldownSeconds >= 0 && Buildkite.AgentIdleTimeoutSeconds > 0,
            "buildkite: tickSeconds > 0, scaleOutCooldownSeconds ≥ 0, agentIdleTimeoutSeconds > 0");
        Check(Elastic.TickSeconds > 0 && Elastic.ReactionSeconds >= 0 && Elastic.ScaleInIdlePeriodSeconds >= 0
            && Elastic.SensitivityScaleInIdlePeriodSeconds.All(s => s >= 0),
            "elastic: tickSeconds > 0, reactionSeconds ≥ 0, idle periods ≥ 0");
        return errors;

        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }
    }
}
