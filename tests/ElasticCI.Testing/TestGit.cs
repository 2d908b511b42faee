using System.Diagnostics;

namespace ElasticCI.Testing;

/// <summary>Real git for the repositories the checkout and upload tests build on disk.</summary>
public static class TestGit
{
    /// <summary>Runs <c>git ARGS</c> in <paramref name="directory"/>; a non-zero exit fails the test with git's error.</summary>
    public static void Run(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
    }

    /// <summary>Stages everything in <paramref name="work"/> and commits it as a throwaway identity.</summary>
    public static void Commit(string work, string message)
    {
        Run(work, "add", "-A");
        Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-m", message);
    }
}
