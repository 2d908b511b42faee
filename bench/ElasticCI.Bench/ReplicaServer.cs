using System.Diagnostics;

namespace ElasticCI.Bench;

/// <summary>A real <c>elastic-ci server --store postgres://...</c> process in its own directory.</summary>
internal sealed class ReplicaServer : IAsyncDisposable
{
    private readonly Process _process;

    private readonly System.Text.StringBuilder _output;

    private ReplicaServer(Process process, string directory, string url, System.Text.StringBuilder output)
    {
        _output = output;
        _process = process;
        Directory = directory;
        Url = url;
    }

    public string Directory { get; }

    /// <summary>
    /// The CLI's own build output (artifacts/bin/ElasticCI.Cli/&lt;configuration&gt;/elastic-ci.dll): the copy next to the
    /// bench lacks the hosting assemblies the server loads, as the bench's dependency file does not list them for it.
    /// </summary>
    private static string CliDll => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "ElasticCI.Cli",
        Path.GetFileName(AppContext.BaseDirectory.TrimEnd('/')), "elastic-ci.dll"));

    public string Url { get; }

    /// <summary>Everything the server printed so far, and whether it still runs.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return $"{Url} (exited: {_process.HasExited}):\n{_output}";
            }
        }
    }

    public string Token(string name) => File.ReadAllText(Path.Combine(Directory, "data", name)).Trim();

    public static async Task<ReplicaServer> StartAsync(string directory, string id, string store)
    {
        System.IO.Directory.CreateDirectory(directory);
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in new[] { CliDll, "server", "--data-dir", "data", "--listen", $"127.0.0.1:{port}", "--store", store, "--replica-id", id })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ReplicaServer(process, directory, $"http://127.0.0.1:{port}/", output);
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await WaitReadyAsync(server.Url);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Until <c>GET /readyz</c> answers 200, as a load balancer would wait before sending traffic.</summary>
    private static async Task WaitReadyAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("readyz", UriKind.Relative), timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>SIGTERM, then a kill after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}
