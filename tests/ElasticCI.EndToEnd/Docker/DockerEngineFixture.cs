using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ElasticCI.Protocol.Builds;
using ElasticCI.Testing;
using ElasticCI.Testing.Containers;
using ElasticCI.Testing.Plugins;

namespace ElasticCI.EndToEnd.Docker;

/// <summary>
/// One `elastic-ci up` (sandboxed stacks, as root) shared by the Docker tests: <c>dock</c>, two instances with
/// <c>DockerEngine: rootless</c> (so a job has another instance to attack) and plugins from a local mirror of our own
/// docker-style and docker-login-style test plugins; <c>once</c>, an engine with <c>BuildkiteTerminateInstanceAfterJob</c>;
/// and <c>plain</c>, a sandbox without an engine and with <c>EnableDockerLoginPlugin: false</c>. Beside it, a real
/// htpasswd registry on host loopback, which the engines reach as <see cref="RegistryAddress"/>. Each engine has its own
/// storage, so jobs build the tiny image (FROM scratch + Debian's busybox-static and the glibc files the native in-job
/// buildkite-agent needs) in their engine when it is not there yet: once per instance, cached after that (<see cref="Image"/>).
/// </summary>
public sealed partial class DockerEngineFixture : IAsyncLifetime
{
    public const string ImageName = "eci-bb";

    /// <summary>The host's loopback as the engines (and their containers) see it.</summary>
    public const string HostGateway = "10.0.2.2";

    private ConfiguredUp? _up;

    /// <summary>Shell lines (no <c>$</c>: pipelines interpolate it) that leave <see cref="ImageName"/> in the job's engine.</summary>
    public static string Image { get; } = string.Join('\n',
        $"docker image inspect {ImageName} >/dev/null 2>&1 || {{ mkdir -p /tmp/bb && cp /bin/busybox /lib/x86_64-linux-gnu/libc.so.6 /lib/x86_64-linux-gnu/libm.so.6 /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 /tmp/bb/"
        + " && printf 'FROM scratch\\nCOPY busybox /bin/busybox\\nCOPY libc.so.6 libm.so.6 ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/\\nCOPY ld-linux-x86-64.so.2 /lib64/\\nRUN [\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]\\n' > /tmp/bb/Dockerfile"
        + $" && docker build -q -t {ImageName} /tmp/bb >/dev/null; }}");

    internal ConfiguredUp Up => _up!;

    public string DataDirectory => Path.Combine(Up.Directory, "data");

    public RegistryServer Registry { get; private set; } = null!;

    /// <summary>The plugin mirror of the <c>dock</c> stack; readable by every instance user (git repositories for jobs go here too).</summary>
    public TestPluginMirror Mirror { get; } = new();

    /// <summary><c>10.0.2.2:PORT</c>: the loopback registry as the engines see it.</summary>
    public string RegistryAddress => $"{HostGateway}:{Registry.Port}";

    public async Task InitializeAsync()
    {
        Mirror.Add("github.com/buildkite-plugins/docker-buildkite-plugin", "v5.12.0", ("command", DockerStylePlugin.CommandHook));
        Mirror.Add("github.com/buildkite-plugins/docker-login-buildkite-plugin", "v3.0.0", ("pre-command", DockerStylePlugin.LoginHook));
        // CreateTempSubdirectory makes it 0700 (root's): the instances' users read the mirror through the sandbox.
        File.SetUnixFileMode(Mirror.Root, (UnixFileMode)0b111_101_101);
        Registry = await RegistryServer.StartAsync();
        _up = await ConfiguredUp.StartAsync("docker", $"""
            stacks:
              - Name: dock
                Queue: dock
                MinSize: 2
                MaxSize: 2
                AgentsPerInstance: 1
                ScaleInIdlePeriod: 600
                DockerEngine: rootless
                EnableDockerLoginPlugin: true
                PluginMirror: {Mirror.Root}
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
                EnableDockerLoginPlugin: false
            """);
        await StackApi.WaitAsync(() => Up.Api.StackAsync("dock"), s => s?.Instances.Count(i => i.Agents.Count > 0) == 2, "both engine instances to register", 180);
    }

    /// <summary>Creates a build of <paramref name="yaml"/> (not interpolated) and waits for its end; returns it with every job's log.</summary>
    public async Task<(BuildDto Build, string Log)> BuildAsync(string pipeline, string yaml, string? repository = null)
    {
        var client = Up.Api.Client;
        var created = await client.CreateBuildAsync(new CreateBuildRequest(pipeline, yaml, Branch: "main", Repository: repository) { NoInterpolation = true }, CancellationToken.None);
        var build = await BuildRuns.WaitForAsync(client, created.Id, b => b.State is "passed" or "failed" or "canceled", TimeSpan.FromMinutes(3));
        var log = new StringBuilder();
        foreach (var job in build.Jobs)
        {
            log.Append(await BuildRuns.LogAsync(client, job.Id));
        }
        return (build, log.ToString());
    }

    /// <summary>Stores <paramref name="text"/> in the up's secrets store under <paramref name="key"/> (e.g. <c>PIPELINE/env</c>).</summary>
    public Task PutSecretAsync(string key, string text)
        => Up.Api.Client.PutSecretAsync(key, null, Encoding.UTF8.GetBytes(text), CancellationToken.None);

    /// <summary>The tags the registry holds for <paramref name="repository"/> (its v2 API, with the registry's credentials); empty when none.</summary>
    public async Task<IReadOnlyList<string>> RegistryTagsAsync(string repository)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Registry.User}:{Registry.Password}")));
        using var catalog = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{Registry.Port}/v2/_catalog"));
        if (!catalog.RootElement.GetProperty("repositories").EnumerateArray().Any(r => r.GetString() == repository))
        {
            return [];
        }
        using var tags = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{Registry.Port}/v2/{repository}/tags/list"));
        return [.. tags.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];
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
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }
        Mirror.Dispose();
    }

    [GeneratedRegex(@"exit (-?\d+) on ")]
    private static partial Regex ExitPattern();

    [GeneratedRegex(@"\(([0-9a-f-]{36})\)")]
    private static partial Regex BuildIdPattern();
}
