using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ElasticCI.EndToEnd.Docker;

/// <summary>
/// One `elastic-ci up` (sandboxed stacks, as root) shared by the Docker tests: <c>dock</c>, two instances with
/// <c>DockerEngine: rootless</c> (so a job has another instance to attack); <c>once</c>, an engine with
/// <c>BuildkiteTerminateInstanceAfterJob</c>; and <c>plain</c>, a sandbox without an engine. Each engine has its own
/// storage, so jobs build the tiny image (FROM scratch + Debian's busybox-static) in their engine when it is not there
/// yet: once per instance, cached after that (<see cref="Image"/>).
/// </summary>
public sealed partial class DockerEngineFixture : IAsyncLifetime
{
    public const string ImageName = "eci-bb";

    private ConfiguredUp? _up;

    /// <summary>Shell lines (no <c>$</c>: pipelines interpolate it) that leave <see cref="ImageName"/> in the job's engine.</summary>
    public static string Image { get; } = string.Join('\n',
        $"docker image inspect {ImageName} >/dev/null 2>&1 || {{ mkdir -p /tmp/bb && cp /bin/busybox /tmp/bb/busybox"
        + " && printf 'FROM scratch\\nCOPY busybox /bin/busybox\\nRUN [\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]\\n' > /tmp/bb/Dockerfile"
        + $" && docker build -q -t {ImageName} /tmp/bb >/dev/null; }}");

    internal ConfiguredUp Up => _up!;

    public string DataDirectory => Path.Combine(Up.Directory, "data");

    public async Task InitializeAsync()
    {
        _up = await ConfiguredUp.StartAsync("docker", """
            stacks:
              - Name: dock
                Queue: dock
                MinSize: 2
                MaxSize: 2
                AgentsPerInstance: 1
                ScaleInIdlePeriod: 600
                DockerEngine: rootless
              - Name: once
                Queue: once
                MinSize: 0
                MaxSize: 1
                AgentsPerInstance: 1
                DockerEngine: rootless
                BuildkiteTerminateInstanceAfterJob: true
              - Name: plain
                Queue: plain
                MinSize: 0
                MaxSize: 1
                AgentsPerInstance: 1
            """);
        await StackApi.WaitAsync(() => Up.Api.StackAsync("dock"), s => s?.Instances.Count(i => i.Agents.Count > 0) == 2, "both engine instances to register", 180);
    }

    /// <summary>Runs a one-step pipeline on <paramref name="queue"/> to its end; returns the job's exit status (null when none) and the watched output.</summary>
    public async Task<(int? Exit, string Output)> RunAsync(string queue, string command)
    {
        var file = await PipelineAsync(queue, command);
        var (_, output, error) = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "build", file, "--watch");
        var match = ExitPattern().Match(output);
        return (match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null, output + error);
    }

    /// <summary>Starts a one-step pipeline without waiting; returns the build id.</summary>
    public async Task<string> StartAsync(string queue, string command)
    {
        var file = await PipelineAsync(queue, command);
        var (exit, output, error) = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "build", file);
        Assert.True(exit == 0, output + error);
        return BuildIdPattern().Match(output).Groups[1].Value;
    }

    private async Task<string> PipelineAsync(string queue, string command)
    {
        var file = Path.Combine(Up.Directory, $"pipeline-{Guid.NewGuid():N}.yml");
        var indented = string.Join('\n', command.Split('\n').Select(l => "      " + l));
        await File.WriteAllTextAsync(file, $"steps:\n  - label: docker\n    agents: {{ queue: {queue} }}\n    command: |\n{indented}\n");
        return file;
    }

    /// <summary>Live processes whose command line (arguments joined by spaces) is <paramref name="command"/>.</summary>
    public static IReadOnlyList<int> Processes(string command)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').TrimEnd();
                if (cmdline == command)
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }
        return found;
    }

    /// <summary>Waits until <paramref name="done"/> holds, failing with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> done, string what, int seconds)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"timed out waiting for {what}");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        if (_up is not null)
        {
            await _up.DisposeAsync();
        }
    }

    [GeneratedRegex(@"exit (-?\d+) on ")]
    private static partial Regex ExitPattern();

    [GeneratedRegex(@"\(([0-9a-f-]{36})\)")]
    private static partial Regex BuildIdPattern();
}
