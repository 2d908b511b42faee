using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Stacks;

namespace ElasticCI.EndToEnd;

/// <summary>
/// One `up` with a stack per health feature, each on its own queue: spot (all spot), dangle (2 s dangling grace),
/// boot (bootstrap over loopback http + env file over file://), disk (impossible free-space threshold), diskfull (impossible
/// inode threshold, instance made unhealthy), ondemand (MinSize 1).
/// </summary>
public sealed class HealthStacksFixture : IAsyncLifetime
{
    private readonly HttpListener _http = new();
    private CoordinatorProcess? _coordinator;
    private Task? _serving;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("elastic-ci-e2e-health-").FullName;

    public Dictionary<string, string> Env => _coordinator!.Environment;

    public int BootstrapDownloads { get; private set; }

    public async Task InitializeAsync()
    {
        var port = Cli.FreePort();
        _http.Prefixes.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _http.Start();
        _serving = ServeAsync($"echo \"bootstrap ran for $BUILDKITE_STACK_NAME in $PWD\" > '{Directory}/bootstrap-marker'\n");
        await File.WriteAllTextAsync(Path.Combine(Directory, "agent.env"), "# agent environment\nexport GREETING=\"hello from the env file\"\nPLAIN='single quoted'\n");
        await File.WriteAllTextAsync(Path.Combine(Directory, "elastic-ci.yml"), $"""
            stacks:
              - Name: spot
                Queue: spot
                MaxSize: 3
                OnDemandPercentage: 0
                ScaleInIdlePeriod: 600
                Isolation: none
              - Name: dangle
                Queue: dangle
                MaxSize: 2
                DanglingInstanceGracePeriod: 2
                ScaleInIdlePeriod: 600
                Isolation: none
              - Name: boot
                Queue: boot
                MaxSize: 1
                BootstrapScriptUrl: http://127.0.0.1:{port}/bootstrap.sh
                AgentEnvFileUrl: file://{Directory}/agent.env
                ScaleInIdlePeriod: 600
                Isolation: none
              - Name: disk
                Queue: disk
                MaxSize: 1
                DiskMinFreeBytes: 9223372036854775807
                ScaleInIdlePeriod: 600
                Isolation: none
              - Name: diskfull
                Queue: diskfull
                MinSize: 1
                MaxSize: 1
                DiskMinFreeInodes: 9223372036854775807
                BuildkiteTerminateInstanceOnDiskFull: true
                ScaleInIdlePeriod: 600
                Isolation: none
              - Name: ondemand
                Queue: ondemand
                MinSize: 1
                MaxSize: 1
                ScaleInIdlePeriod: 600
                Isolation: none
            """);
        _coordinator = await CoordinatorProcess.StartAsync(Directory, "up", "--config", "elastic-ci.yml", "--heartbeat-interval", "1");
    }

    public async Task DisposeAsync()
    {
        if (_coordinator is not null)
        {
            await _coordinator.DisposeAsync();
        }
        _http.Stop();
        _http.Close();
        if (_serving is not null)
        {
            await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public async Task<StackStatusDto> StackAsync(string name)
    {
        var (exit, output, error) = await Cli.RunAsync(Directory, Env, "stack", "status", "--output", "json");
        Assert.True(exit == 0, error);
        return JsonSerializer.Deserialize(output, ProtocolJsonContext.Default.StackListDto)!.Stacks.Single(s => s.Name == name);
    }

    public async Task<IReadOnlyList<StackActivityEventDto>> ActivityAsync(string stack)
    {
        var (exit, output, error) = await Cli.RunAsync(Directory, Env, "stack", "activity", "--stack", stack, "--output", "json", "--limit", "500");
        Assert.True(exit == 0, error);
        return JsonSerializer.Deserialize(output, ProtocolJsonContext.Default.StackActivityDto)!.Events;
    }

    /// <summary>Polls until <paramref name="found"/> returns a value; fails after <paramref name="seconds"/>.</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T?>> found, int seconds, string what)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await found() is { } value)
            {
                return value;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"timed out after {seconds}s waiting for {what}");
    }

    /// <summary>Starts `build FILE --watch --output json` for a pipeline; completes with its result.</summary>
    public async Task<Task<(int ExitCode, string Output, string Error)>> StartBuildAsync(string yaml, string pipeline, bool json = true)
    {
        var file = Path.Combine(Directory, $"pipeline-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, yaml);
        string[] args = json ? ["build", file, "--pipeline", pipeline, "--watch", "--output", "json"] : ["build", file, "--pipeline", pipeline, "--watch"];
        return Cli.RunAsync(Directory, Env, args);
    }

    /// <summary>Live pids whose environment marks them as part of <paramref name="instanceId"/>.</summary>
    public static IReadOnlyList<int> ProcessesOf(string instanceId)
    {
        var marker = Encoding.UTF8.GetBytes("ELASTIC_CI_INSTANCE_ID=" + instanceId + "\0");
        var found = new List<int>();
        foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllBytes(Path.Combine(dir, "environ")).AsSpan().IndexOf(marker) >= 0)
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    private async Task ServeAsync(string script)
    {
        while (_http.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _http.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            if (context.Request.Url?.AbsolutePath == "/bootstrap.sh")
            {
                BootstrapDownloads++;
                var body = Encoding.UTF8.GetBytes(script);
                await context.Response.OutputStream.WriteAsync(body);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
            context.Response.Close();
        }
    }
}
