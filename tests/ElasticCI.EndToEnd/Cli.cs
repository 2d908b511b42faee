using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ElasticCI.EndToEnd;

/// <summary>Runs the real `elastic-ci` CLI (the built elastic-ci.dll) as a child process.</summary>
internal static class Cli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "elastic-ci.dll");

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    /// <summary>Runs a CLI command to completion; returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, IDictionary<string, string>? env, params string[] args)
    {
        var start = StartInfo(workingDirectory, args);
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Pids of live processes whose environment says <c>ELASTIC_CI_PARENT_PID=pid</c>: everything an `up` launched.</summary>
    public static IReadOnlyList<int> DescendantsOf(int pid)
    {
        var marker = Encoding.UTF8.GetBytes("ELASTIC_CI_PARENT_PID=" + pid.ToString(CultureInfo.InvariantCulture) + "\0");
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var candidate))
            {
                continue;
            }
            try
            {
                var environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
                var state = File.ReadAllText(Path.Combine(dir, "stat"));
                // A zombie (state Z) is already dead, only waiting to be reaped.
                if (environ.AsSpan().IndexOf(marker) >= 0 && !state.Contains(") Z ", StringComparison.Ordinal))
                {
                    found.Add(candidate);
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
}
