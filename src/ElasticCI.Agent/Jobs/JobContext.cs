namespace ElasticCI.Agent.Jobs;

/// <summary>
/// The state a job carries from phase to phase: its environment and working directory, which hooks may change, and the
/// <see cref="JobExecutor"/> every step runs in. Used by one job flow at a time.
/// </summary>
internal sealed class JobContext(JobExecutor executor, JobRunnerSettings settings, JobCancellation cancellation, Dictionary<string, string> environment, string workingDirectory)
{
    public JobExecutor Executor { get; } = executor;

    public JobRunnerSettings Settings { get; } = settings;

    public JobCancellation Cancellation { get; } = cancellation;

    /// <summary>The job's environment as the next step will see it.</summary>
    public Dictionary<string, string> Environment { get; } = environment;

    /// <summary>Changes made through the job API (<c>buildkite-agent env set|unset</c>); applied after every step.</summary>
    public JobApi.PendingEnvironment? Pending { get; init; }

    /// <summary>When the agent started the job (wall clock).</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The working directory of the next step.</summary>
    public string WorkingDirectory { get; set; } = workingDirectory;

    /// <summary>The value of <paramref name="name"/>, or "" when it is not set.</summary>
    public string Get(string name) => Environment.TryGetValue(name, out var value) ? value : "";

    /// <summary>True when <paramref name="name"/> is set to <c>true</c> (any case) or <c>1</c>.</summary>
    public bool IsTrue(string name) => Get(name) is var value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");

    /// <summary>Runs one step in the job's group with the job's environment plus <paramref name="extra"/>.</summary>
    public Task<int> RunAsync(IReadOnlyList<string> argv, string? banner = null, IReadOnlyDictionary<string, string>? extra = null, string? workingDirectory = null)
        => RunInAsync(Executor.NewStepDirectory(), argv, banner, extra, workingDirectory);

    /// <summary>Like <see cref="RunAsync"/>, in a step directory the caller prepared.</summary>
    public async Task<int> RunInAsync(string stepDirectory, IReadOnlyList<string> argv, string? banner, IReadOnlyDictionary<string, string>? extra, string? workingDirectory)
    {
        // The job API answers `env get` from the environment this step starts with (without per-hook extras).
        Pending?.Snapshot(Environment);
        var environment = Environment;
        if (extra is { Count: > 0 })
        {
            environment = new Dictionary<string, string>(Environment, StringComparer.Ordinal);
            foreach (var (name, value) in extra)
            {
                environment[name] = value;
            }
        }
        var status = await Executor.RunAsync(stepDirectory, argv, workingDirectory ?? WorkingDirectory, environment, banner);
        // What the step set or unset through the job API holds for every later step (hooks, command, pre-exit).
        Pending?.ApplyTo(Environment);
        return status;
    }

    /// <summary>Writes <paramref name="text"/> into the log, in order with the steps' output.</summary>
    public Task PrintAsync(string text) => Executor.PrintAsync(text);
}
