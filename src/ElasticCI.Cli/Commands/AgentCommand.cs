using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using ElasticCI.Agent;
using ElasticCI.Cli.Commands.InJob;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Cli.Commands;

/// <summary>
/// <c>elastic-ci agent start</c>: runs agents that take jobs from a coordinator. Signals as the Buildkite agent:
/// SIGTERM or SIGINT = finish the running job, then exit (a second one cancels it); SIGQUIT = cancel jobs and exit.
/// </summary>
internal static class AgentCommand
{
    public static Command Create(TextWriter error)
    {
        var server = new Option<string>("--server") { Description = "Coordinator URL (default $ELASTIC_CI_SERVER or http://127.0.0.1:8722)" };
        var token = new Option<string>("--token") { Description = "Registration token (default $ELASTIC_CI_AGENT_TOKEN or $BUILDKITE_AGENT_TOKEN)" };
        var queue = new Option<string>("--queue") { Description = "Queue to take jobs from", DefaultValueFactory = _ => "default" };
        var tags = new Option<string>("--tags") { Description = "More tags, k=v,k2=v2" };
        var name = new Option<string>("--name") { Description = "Agent name (default <hostname>-<pid>; workers get -1..-N)" };
        var spawn = new Option<int>("--spawn") { Description = "Agents to run in this process", DefaultValueFactory = _ => 1 };
        var afterJob = new Option<bool>("--disconnect-after-job") { Description = "Exit after one job" };
        var afterIdle = new Option<int?>("--disconnect-after-idle-timeout") { Description = "Exit after this many seconds without a job" };
        var afterUptime = new Option<int?>("--disconnect-after-uptime") { Description = "Stop taking jobs after this many seconds of running, then exit (0 = never)" };
        var buildPath = new Option<string>("--build-path") { Description = "Where build directories go (default ./builds)" };
        var grace = new Option<int>("--cancel-grace-period") { Description = "Seconds between SIGTERM and SIGKILL when a job is canceled", DefaultValueFactory = _ => 10 };

        var hooksPath = new Option<string>("--hooks-path") { Description = "Directory of agent hooks (environment, pre-checkout, checkout, ..., pre-exit)" };
        var pluginsPath = new Option<string>("--plugins-path") { Description = "Where plugins are checked out (default <build-path>/.plugins)" };
        var mirrorsPath = new Option<string>("--git-mirrors-path") { Description = "Keep one git mirror per repository here, shared by the agents of this machine" };
        var noPlugins = new Option<bool>("--no-plugins") { Description = "Refuse jobs that use plugins" };
        var allowedPlugins = new Option<string>("--allowed-plugins") { Description = "Comma-separated regexes; plugins matching none are refused" };
        var allowedRepositories = new Option<string>("--allowed-repositories") { Description = "Comma-separated regexes; repositories matching none are refused" };
        var noCommandEval = new Option<bool>("--no-command-eval") { Description = "Only scripts from the repository may run as the command" };
        var redactedVars = new Option<string>("--redacted-vars") { Description = "Comma-separated name patterns whose values are redacted from logs (default: Buildkite's list)" };
        var diskBytes = new Option<long>("--disk-min-free-bytes") { Description = "Free bytes the build path needs before each job", DefaultValueFactory = _ => 5L * 1024 * 1024 * 1024 };
        var diskInodes = new Option<long>("--disk-min-free-inodes") { Description = "Free inodes the build path needs before each job", DefaultValueFactory = _ => 250_000 };
        var diskAction = new Option<string>("--disk-full-action") { Description = "Still low after cleaning old builds: fail-job or unhealthy", DefaultValueFactory = _ => "fail-job" };
        var start = new Command("start", "Register and run jobs until stopped")
        {
            diskBytes, diskInodes, diskAction,
            server, token, queue, tags, name, spawn, afterJob, afterIdle, afterUptime, buildPath, grace,
            hooksPath, pluginsPath, mirrorsPath, noPlugins, allowedPlugins, allowedRepositories, noCommandEval, redactedVars,
        };
        start.SetAction(async (parse, cancellationToken) =>
        {
            var options = new AgentOptions
            {
                ServerUrl = CliDefaults.ServerUrl(parse.GetValue(server)),
                RegistrationToken = parse.GetValue(token)
                    ?? Environment.GetEnvironmentVariable("ELASTIC_CI_AGENT_TOKEN")
                    ?? Environment.GetEnvironmentVariable("BUILDKITE_AGENT_TOKEN") ?? "",
                Queue = parse.GetValue(queue) ?? "default",
                Name = parse.GetValue(name),
                Spawn = parse.GetValue(spawn),
                DisconnectAfterJob = parse.GetValue(afterJob),
                DisconnectAfterIdleTimeout = parse.GetValue(afterIdle) is { } idle ? TimeSpan.FromSeconds(idle) : null,
                DisconnectAfterUptime = parse.GetValue(afterUptime) is { } uptime and > 0 ? TimeSpan.FromSeconds(uptime) : null,
                BuildPath = Path.GetFullPath(parse.GetValue(buildPath) ?? "builds"),
                CancelGracePeriod = TimeSpan.FromSeconds(parse.GetValue(grace)),
                InstanceId = Environment.GetEnvironmentVariable("ELASTIC_CI_INSTANCE_ID"),
                HooksPath = FullPathOrNull(parse.GetValue(hooksPath)),
                PluginsPath = FullPathOrNull(parse.GetValue(pluginsPath)),
                GitMirrorsPath = FullPathOrNull(parse.GetValue(mirrorsPath)),
                PluginsEnabled = !parse.GetValue(noPlugins),
                AllowedPlugins = SplitList(parse.GetValue(allowedPlugins)),
                AllowedRepositories = SplitList(parse.GetValue(allowedRepositories)),
                CommandEval = !parse.GetValue(noCommandEval),
                DiskMinFreeBytes = parse.GetValue(diskBytes),
                DiskMinFreeInodes = parse.GetValue(diskInodes),
                DiskFullAction = parse.GetValue(diskAction) ?? "fail-job",
                ParentPid = int.TryParse(Environment.GetEnvironmentVariable("ELASTIC_CI_PARENT_PID"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent) ? parent : null,
            };
            if (parse.GetValue(redactedVars) is { } patterns)
            {
                options.RedactedVars = SplitList(patterns);
            }
            if (!TryParseTags(parse.GetValue(tags), options.Tags, out var problem))
            {
                await error.WriteLineAsync($"elastic-ci: {problem}");
                return CliApp.ExitUsage;
            }

            InJobCommand.Install(options.BuildPath);

            using var graceful = new CancellationTokenSource();
            using var hard = new CancellationTokenSource();
            void Graceful(PosixSignalContext context)
            {
                context.Cancel = true;
                if (graceful.IsCancellationRequested)
                {
                    hard.Cancel();
                }
                graceful.Cancel();
            }
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Graceful);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Graceful);
            using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context =>
            {
                context.Cancel = true;
                graceful.Cancel();
                hard.Cancel();
            });

            using var loggerFactory = LoggerFactory.Create(logging => logging
                .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
                .SetMinimumLevel(LogLevel.Information));
            // The HTTP timeout must outlast the coordinator's long-poll (25 s by default).
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
            var host = new AgentHost(loggerFactory, TimeProvider.System, http);
            return await host.RunAsync(options, graceful.Token, hard.Token);
        });
        return new Command("agent", "Agent commands") { start };
    }

    private static string? FullPathOrNull(string? path) => path is null ? null : Path.GetFullPath(path);

    private static List<string> SplitList(string? text)
        => text is null ? [] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    internal static bool TryParseTags(string? text, Dictionary<string, string> tags, out string problem)
    {
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                problem = $"--tags: '{pair}' is not k=v";
                return false;
            }
            tags[pair[..eq]] = pair[(eq + 1)..];
        }
        return true;
    }
}
