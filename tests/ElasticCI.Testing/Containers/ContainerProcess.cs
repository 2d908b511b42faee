using System.Diagnostics;

namespace ElasticCI.Testing.Containers;

/// <summary>Runs the container tools the fixtures need (docker CLI, htpasswd, useradd) and fails loudly with their output.</summary>
public static class ContainerProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        string? input = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output + await error);
    }

    public static async Task<string> CheckedAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? input = null)
    {
        var list = args.ToList();
        var (exit, output) = await RunAsync(file, list, environment, input);
        return exit == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', list)} exited {exit}: {output}");
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; throws naming <paramref name="what"/> after <paramref name="limit"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no {what} within {limit}");
    }
}
