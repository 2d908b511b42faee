using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using ElasticCI.Agent;
using ElasticCI.Cli.Commands.AgentConfig;
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
        var server = new Option<string>("--server") { Description = "Coordinator URL, or several comma-separated (replicas: calls fail over round robin) (default $ELASTIC_CI_SERVER or http://127.0.0.1:8722)" };
        var token = new Option<string>("--token") { Description = "Registration token (default $ELASTIC_CI_AGENT_TOKEN or $BUILDKITE_AGENT_TOKEN)" };
        var queue = new Option<string>("--queue") { Description = "Queue to take jobs from", DefaultValueFactory = _ => "default" };
        var tags = new Option<string>("--tags") { Description = "More tags, k=v,k2=v2" };
        var name = new Option<string>("--name") { Description = "Agent name (default <hostname>-<pid>; workers get -1..-N)" };
        var priority = new Option<int>("--priority") { Description = "Dispatch priority: idle agents of higher priority on a queue get jobs first (default 0)" };
        var spawn = new Option<int>("--spawn") { Description = "Agents to run in this process", DefaultValueFactory = _ => 1 };
        var afterJob = new Option<bool>("--disconnect-after-job") { Description = "Exit after one job" };
        var afterIdle = new Option<int?>("--disconnect-after-idle-timeout") { Description = "Exit after this many seconds without a job" };
        var afterUptime = new Option<int?>("--disconnect-after-uptime") { Description = "Stop taking jobs after this many seconds of running, then exit (0 = never)" };
        var buildPath = new Option<string>("--build-path") { Description = "Where build directories go (default ./builds)" };
        var grace = new Option<int>("--cancel-grace-period") { Description = "Seconds between SIGTERM and SIGKILL when a job is canceled", DefaultValueFactory = _ => 10 };

        var hooksPath = new Option<string>("--hooks-path") { Description = "Directory of agent hooks (environment, pre-checkout, checkout, ..., pre-exit)" };
        var pluginsPath = new Option<string>("--plugins-path") { Description = "Where plugins are checked out (default <build-path>/.plugins)" };
        var mirrorsPath = new Option<string>("--git-mirrors-path") { Description = "Keep one git mirror per repository here, shared by the agents of this machine" };
        var pluginMirror = new Option<string>("--plugin-mirror") { Description = "Fetch plugins from a mirror: ';'-separated FROM=TO prefix rewrites and/or one directory or URL laid out as HOST/PATH (docs/docker.md)" };
        var noPlugins = new Option<bool>("--no-plugins") { Description = "Refuse jobs that use plugins" };
        var allowedPlugins = new Option<string>("--allowed-plugins") { Description = "Comma-separated regexes; plugins matching none are refused" };
        var allowedRepositories = new Option<string>("--allowed-repositories") { Description = "Comma-separated regexes; repositories matching none are refused" };
        var noCommandEval = new Option<bool>("--no-command-eval") { Description = "Only scripts from the repository may run as the command" };
        var noDockerLogin = new Option<bool>("--no-docker-login") { Description = "Never log in to a registry from DOCKER_LOGIN_USER/PASSWORD/SERVER before a job's command (stack parameter EnableDockerLoginPlugin: false)" };
        var noPty = new Option<bool>("--no-pty") { Description = "Run commands and hooks without a pseudo-terminal (default: in one, as the Buildkite agent)" };
        var noSshKeyscan = new Option<bool>("--no-ssh-keyscan") { Description = "Do not add an SSH repository host's keys to known_hosts before checkout" };
        var redactedVars = new Option<string>("--redacted-vars") { Description = "Comma-separated name patterns whose values are redacted from logs (default: Buildkite's list)" };
        var diskBytes = new Option<long>("--disk-min-free-bytes") { Description = "Free bytes the build path needs before each job", DefaultValueFactory = _ => 5L * 1024 * 1024 * 1024 };
        var diskInodes = new Option<long>("--disk-min-free-inodes") { Description = "Free inodes the build path needs before each job", DefaultValueFactory = _ => 250_000 };
        var diskAction = new Option<string>("--disk-full-action") { Description = "Still low after cleaning old builds: fail-job or unhealthy", DefaultValueFactory = _ => "fail-job" };
        var healthCheck = new Option<string>("--health-check-addr") { Description = "Serve GET / (200 OK or 503) and GET /status (JSON per worker) on HOST:PORT" };
        var config = new Option<string>("--config") { Description = "Agent config file, key=\"value\" lines named like these flags (default $ELASTIC_CI_AGENT_CONFIG or $BUILDKITE_AGENT_CONFIG)" };
        var start = new Command("start", "Register and run jobs until stopped")
        {
            diskBytes, diskInodes, diskAction,
            server, token, queue, tags, name, priority, spawn, afterJob, afterIdle, afterUptime, buildPath, grace,
            hooksPath, pluginsPath, mirrorsPath, pluginMirror, noPlugins, allowedPlugins, allowedRepositories, noCommandEval, redactedVars,
            healthCheck, config, noPty, noSshKeyscan, noDockerLogin,
        };
        start.SetAction(async (parse, cancellationToken) =>
        {
            // Precedence: flag > $ELASTIC_CI_AGENT_<KEY> > config file > default. Any bad setting: exit 2, nothing started.
            var problems = new List<string>();
            var file = AgentSettingsResolver.ReadConfigFile(parse.GetValue(config), Environment.GetEnvironmentVariable, problems);
            var settings = new AgentSettingsResolver(parse, file, Environment.GetEnvironmentVariable);
            var options = new AgentOptions
            {
                ServerUrl = CliDefaults.ServerUrl(settings.Text(server, "server")),
                RegistrationToken = settings.Text(token, "token")
                    ?? Environment.GetEnvironmentVariable("ELASTIC_CI_AGENT_TOKEN")
                    ?? Environment.GetEnvironmentVariable("BUILDKITE_AGENT_TOKEN")
                    ?? AgentTokenFile.ReadAndDelete(Environment.GetEnvironmentVariable(AgentTokenFile.Variable), problems) ?? "",
                Queue = settings.Text(queue, "queue") ?? "default",
                Name = settings.Text(name, "name"),
                Spawn = settings.Number(spawn, "spawn"),
                Priority = settings.Number(priority, "priority"),
                DisconnectAfterJob = settings.Flag(afterJob, "disconnect-after-job"),
                DisconnectAfterIdleTimeout = settings.OptionalNumber(afterIdle, "disconnect-after-idle-timeout") is { } idle ? TimeSpan.FromSeconds(idle) : null,
                DisconnectAfterUptime = settings.OptionalNumber(afterUptime, "disconnect-after-uptime") is { } uptime and > 0 ? TimeSpan.FromSeconds(uptime) : null,
                BuildPath = Path.GetFullPath(settings.Text(buildPath, "build-path") ?? "builds"),
                CancelGracePeriod = TimeSpan.FromSeconds(settings.Number(grace, "cancel-grace-period")),
                InstanceId = Environment.GetEnvironmentVariable("ELASTIC_CI_INSTANCE_ID"),
                HooksPath = FullPathOrNull(settings.Text(hooksPath, "hooks-path")),
                PluginsPath = FullPathOrNull(settings.Text(pluginsPath, "plugins-path")),
                GitMirrorsPath = FullPathOrNull(settings.Text(mirrorsPath, "git-mirrors-path")),
                PluginMirror = settings.Text(pluginMirror, "plugin-mirror"),
                PluginsEnabled = !settings.Flag(noPlugins, "no-plugins"),
                AllowedPlugins = SplitList(settings.Text(allowedPlugins, "allowed-plugins")),
                AllowedRepositories = SplitList(settings.Text(allowedRepositories, "allowed-repositories")),
                CommandEval = !settings.Flag(noCommandEval, "no-command-eval"),
                DockerLogin = !settings.Flag(noDockerLogin, "no-docker-login"),
                Pty = !settings.Flag(noPty, "no-pty"),
                SshKeyscan = !settings.Flag(noSshKeyscan, "no-ssh-keyscan"),
                DiskMinFreeBytes = settings.Count(diskBytes, "disk-min-free-bytes"),
                DiskMinFreeInodes = settings.Count(diskInodes, "disk-min-free-inodes"),
                DiskFullAction = settings.Text(diskAction, "disk-full-action") ?? "fail-job",
                ParentPid = int.TryParse(Environment.GetEnvironmentVariable("ELASTIC_CI_PARENT_PID"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent) ? parent : null,
            };
            if (settings.Text(redactedVars, "redacted-vars") is { } patterns)
            {
                options.RedactedVars = SplitList(patterns);
            }
            if (!TryParseTags(settings.Text(tags, "tags"), options.Tags, out var problem))
            {
                problems.Add(problem);
            }
            if (settings.Text(healthCheck, "health-check-addr") is { } address)
            {
                if (HostPort.TryParse(address, out var healthHost, out var healthPort))
                {
                    options.HealthCheckHost = healthHost;
                    options.HealthCheckPort = healthPort;
                }
                else
                {
                    problems.Add($"--health-check-addr: '{address}' is not HOST:PORT");
                }
            }
            if (Client.CoordinatorFailoverHandler.ParseList(options.ServerUrl, out var serverProblem) is null)
            {
                problems.Add($"--server: {serverProblem}");
            }
            if (ElasticCI.Agent.Jobs.Plugins.PluginMirror.Parse(options.PluginMirror, out var mirrorProblem) is null && mirrorProblem is not null)
            {
                problems.Add("--plugin-mirror: " + mirrorProblem);
            }
            problems.AddRange(settings.Errors);
            if (problems.Count > 0)
            {
                foreach (var line in problems)
                {
                    await error.WriteLineAsync($"elastic-ci: {line}");
                }
                return CliApp.ExitUsage;
            }

            InJobCommand.Install(options.BuildPath);
            // Jobs run as our user: non-dumpable, our /proc/<pid>/environ and memory (tokens) are root's, not theirs.
            AgentTokenFile.MakeNonDumpable();

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
            using var http = AgentHost.CreateHttpClient(options.ServerUrls, loggerFactory);
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
