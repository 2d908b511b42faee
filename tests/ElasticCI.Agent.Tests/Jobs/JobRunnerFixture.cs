using System.Text.RegularExpressions;
using ElasticCI.Agent.Api;
using ElasticCI.Agent.Jobs;
using ElasticCI.Agent.Tests.Fakes;
using ElasticCI.Protocol.Agents;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Jobs;

/// <summary>Builds a <see cref="JobRunner"/> over a <see cref="FakeAgentApi"/> in a fresh build directory.</summary>
internal sealed partial class JobRunnerFixture : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    public const string RegistrationToken = "reg-token-5f1c2e";

    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _stop = new();

    public JobRunnerFixture(ITestOutputHelper output)
    {
        _loggers = new TestLoggerFactory(output);
        BuildPath = Directory.CreateTempSubdirectory("elastic-ci-agent-tests-").FullName;
    }

    public FakeAgentApi Api { get; } = new();

    /// <summary>Hard stop canceled on dispose, so a test that fails half-way does not leave its job running.</summary>
    public CancellationToken Stop => _stop.Token;

    public string BuildPath { get; }

    public Dictionary<string, string> Inherited { get; } = new()
    {
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/tmp",
    };

    public JobRunner CreateRunner(TimeSpan? gracePeriod = null) => CreateRunner(new RunnerSetup { GracePeriod = gracePeriod });

    /// <summary>A runner with the lifecycle settings of <paramref name="setup"/>, reporting to its own API when one is given.</summary>
    public JobRunner CreateRunner(RunnerSetup setup) => new(
        setup.Api ?? Api,
        new JobRunnerSettings
        {
            AgentId = "agent-id-1",
            AgentName = setup.AgentName,
            BuildPath = BuildPath,
            RegistrationToken = RegistrationToken,
            CancelGracePeriod = setup.GracePeriod ?? TimeSpan.FromSeconds(10),
            ChunkInterval = TimeSpan.FromMilliseconds(50),
            HooksPath = setup.HooksPath,
            PluginsPath = setup.PluginsPath,
            GitMirrorsPath = setup.GitMirrorsPath,
            PluginsEnabled = setup.PluginsEnabled,
            AllowedPlugins = [.. setup.AllowedPlugins.Select(pattern => new Regex(pattern))],
            AllowedRepositories = [.. setup.AllowedRepositories.Select(pattern => new Regex(pattern))],
            CommandEval = setup.CommandEval,
            Pty = setup.Pty,
            DiskCheck = setup.DiskCheck,
            DiskFullAction = setup.DiskFullAction,
            Health = setup.Health,
        },
        new AgentResilience(TimeProvider.System, TimeSpan.FromMilliseconds(1)),
        TimeProvider.System,
        _loggers.CreateLogger<JobRunner>())
    {
        InheritedEnvironment = () => Inherited,
    };

    /// <summary>A directory under the build path's parent test directory, created empty.</summary>
    public string NewDirectory(string name)
    {
        var path = Path.Combine(BuildPath, "..", Path.GetFileName(BuildPath) + "-" + name);
        Directory.CreateDirectory(path);
        _extraDirectories.Add(Path.GetFullPath(path));
        return Path.GetFullPath(path);
    }

    private readonly List<string> _extraDirectories = [];

    public static JobAssignment Job(string command, Dictionary<string, string>? env = null) => new(
        "job-1",
        "test step",
        command,
        env ?? new Dictionary<string, string> { ["BUILDKITE_JOB_ID"] = "job-1" },
        "my-pipeline",
        null);

    /// <summary>Reads <c>bg=&lt;pid&gt;</c> that a test job printed.</summary>
    public int BackgroundPid()
    {
        var match = BackgroundPidPattern().Match(Api.LogText);
        Assert.True(match.Success, "the job did not print bg=<pid>");
        return int.Parse(match.Groups[1].Value);
    }

    /// <summary>True when the process no longer exists or is only a zombie waiting to be reaped.</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Polls the kernel's view briefly: a SIGKILLed process may take a moment to reach the zombie state.</summary>
    public static async Task AssertGoneAsync(int pid)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (!IsGone(pid))
        {
            Assert.True(TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(5), $"process {pid} is still alive");
            await Task.Yield();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        foreach (var path in _extraDirectories.Append(BuildPath))
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [GeneratedRegex(@"bg=(\d+)")]
    private static partial Regex BackgroundPidPattern();
}
