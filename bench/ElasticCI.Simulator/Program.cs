using ElasticCI.Scaling;
using ElasticCI.Simulator;
using ElasticCI.Stacks;

const string Usage = """
    usage: ElasticCI.Simulator [--seed N] [--workload FILE] [--max-size N] [--self-check]
      --seed N          seed of every random stream (default 1)
      --workload FILE   workload and policy parameters (default: workload.json next to the executable)
      --max-size N      override the workload's maxSize (both policies), to see where the cap binds
      --self-check      run everything twice and fail (exit 1) unless both reports are identical
    """;

var seed = 1;
var workloadPath = Path.Combine(AppContext.BaseDirectory, "workload.json");
var selfCheck = false;
int? maxSize = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], out var parsed):
            seed = parsed;
            i++;
            break;
        case "--workload" when i + 1 < args.Length:
            workloadPath = args[++i];
            break;
        case "--max-size" when i + 1 < args.Length && int.TryParse(args[i + 1], out var parsedMax) && parsedMax >= 1:
            maxSize = parsedMax;
            i++;
            break;
        case "--self-check":
            selfCheck = true;
            break;
        default:
            await Console.Error.WriteLineAsync(Usage);
            return 2;
    }
}

WorkloadSpec spec;
try
{
    spec = WorkloadSpec.Load(workloadPath);
    spec = maxSize is { } max ? spec with { MaxSize = Math.Max(max, spec.MinSize) } : spec;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
{
    await Console.Error.WriteLineAsync($"ElasticCI.Simulator: cannot use workload '{workloadPath}': {ex.Message}");
    return 2;
}

var report = Simulate(spec, seed);
Console.Write(report);
if (selfCheck)
{
    var again = Simulate(spec, seed);
    if (again != report)
    {
        await Console.Error.WriteLineAsync("self-check FAILED: a second run with the same seed produced a different report");
        return 1;
    }
    await Console.Error.WriteLineAsync($"self-check passed: two runs with seed {seed} produced identical reports");
}
return 0;

static string Simulate(WorkloadSpec spec, int seed)
{
    var jobs = WorkloadGenerator.Generate(spec, seed);
    var buildkite = new BuildkiteScalerModel(spec.Buildkite, new ScalingParameters
    {
        // Everything else keeps the stack's defaults (ScalingParameters' initialisers): factor 1, DisableScaleIn, no buffer.
        MinSize = spec.MinSize,
        MaxSize = spec.MaxSize,
        AgentsPerInstance = spec.AgentsPerInstance,
        ScaleOutCooldownPeriod = TimeSpan.FromSeconds(spec.Buildkite.ScaleOutCooldownSeconds),
        AvailabilityThreshold = spec.Buildkite.AvailabilityThreshold,
    });
    var baseline = new FleetSimulation(spec, jobs, seed, buildkite).Run();
    var configured = RunElastic(spec, jobs, seed, spec.Elastic.ScaleInIdlePeriodSeconds);
    var sensitivity = spec.Elastic.SensitivityScaleInIdlePeriodSeconds
        .Where(s => s != spec.Elastic.ScaleInIdlePeriodSeconds)
        .Select(s => RunElastic(spec, jobs, seed, s))
        .ToList();
    return Report.Render(spec, seed, jobs, baseline, configured, sensitivity);
}

static SimResult RunElastic(WorkloadSpec spec, IReadOnlyList<SimJob> jobs, int seed, double idleSeconds)
{
    var stack = new StackDefinition
    {
        Name = "simulated",
        Scaling = new() { MinSize = spec.MinSize, MaxSize = spec.MaxSize, AgentsPerInstance = spec.AgentsPerInstance },
        ScaleInIdlePeriod = TimeSpan.FromSeconds(idleSeconds),
    };
    return new FleetSimulation(spec, jobs, seed, new ElasticScalerModel(spec.Elastic, stack)).Run();
}
