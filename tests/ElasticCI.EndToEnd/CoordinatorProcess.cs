using System.Diagnostics;

namespace ElasticCI.EndToEnd;

/// <summary>A real `elastic-ci up` or `server` process on a free loopback port, and the environment CLI calls need to reach it.</summary>
internal sealed class CoordinatorProcess : IAsyncDisposable
{
    private CoordinatorProcess(Process process, Dictionary<string, string> environment)
    {
        Process = process;
        Environment = environment;
    }

    public Process Process { get; }

    /// <summary>Wraps a coordinator process started elsewhere, so disposing it stops it as this class does.</summary>
    public static CoordinatorProcess Of(Process process, Dictionary<string, string> environment) => new(process, environment);

    /// <summary><c>ELASTIC_CI_SERVER</c> and <c>ELASTIC_CI_DATA_DIR</c> for CLI commands against this coordinator.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>Starts <paramref name="command"/> (<c>up</c> or <c>server</c>) with data under <c>&lt;directory&gt;/data</c> and waits until it listens.</summary>
    public static Task<CoordinatorProcess> StartAsync(string directory, string command, params string[] extraArgs)
        => StartWithUmaskAsync(directory, umask: null, command, extraArgs);

    /// <summary>As <see cref="StartAsync(string, string, string[])"/>, started under <paramref name="umask"/> (e.g. <c>000</c>) when given.</summary>
    public static async Task<CoordinatorProcess> StartWithUmaskAsync(string directory, string? umask, string command, params string[] extraArgs)
    {
        var port = Cli.FreePort();
        var start = Cli.StartInfo(directory, [command, "--data-dir", "data", "--listen", $"127.0.0.1:{port}", .. extraArgs]);
        if (umask is not null)
        {
            string[] inner = [start.FileName, .. start.ArgumentList];
            start.FileName = "/bin/sh";
            start.ArgumentList.Clear();
            foreach (var arg in (string[])["-c", $"umask {umask}; exec \"$@\"", "sh", .. inner])
            {
                start.ArgumentList.Add(arg);
            }
        }
        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new CoordinatorProcess(process, new Dictionary<string, string>
        {
            ["ELASTIC_CI_SERVER"] = $"http://127.0.0.1:{port}",
            ["ELASTIC_CI_DATA_DIR"] = Path.Combine(directory, "data"),
        });
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM first, as Ctrl+C would: `up` stops its sandboxes and removes their Unix users (a tree kill alone would
        // also kill the sandboxes' watchdogs and leave the users behind on the machine).
        await Security.GracefulStop.StopAsync(Process);
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
    }
}
