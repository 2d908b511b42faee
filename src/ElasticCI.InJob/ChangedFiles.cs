using System.Diagnostics;

namespace ElasticCI.InJob;

/// <summary>
/// The files this job's checkout changed, for <c>if_changed</c>, computed the way the Buildkite agent does at
/// <c>pipeline upload</c>: the diff base is <c>origin/$BUILDKITE_PULL_REQUEST_BASE_BRANCH</c>, else
/// <c>origin/$BUILDKITE_PIPELINE_DEFAULT_BRANCH</c>, else <c>origin/main</c> (each also tried as a local branch);
/// files changed since the merge-base of that and HEAD, or HEAD's own first-parent diff when the merge-base is HEAD.
/// Null (with the reason) when there is no git checkout or git cannot say: then every step is kept.
/// </summary>
internal static class ChangedFiles
{
    public static async Task<(IReadOnlyList<string>? Files, string? Note)> ComputeAsync(string directory, CancellationToken cancellationToken)
    {
        var inside = await GitAsync(directory, cancellationToken, "rev-parse", "--is-inside-work-tree");
        if (inside is not ["true"])
        {
            return (null, $"if_changed: {directory} is not a git checkout; all steps are kept");
        }
        var head = await GitAsync(directory, cancellationToken, "rev-parse", "HEAD");
        if (head is not [var headCommit])
        {
            return (null, "if_changed: the checkout has no HEAD commit; all steps are kept");
        }
        string? mergeBase = null;
        foreach (var candidate in Candidates())
        {
            if (await GitAsync(directory, cancellationToken, "merge-base", candidate, "HEAD") is [var found])
            {
                mergeBase = found;
                break;
            }
        }
        IReadOnlyList<string>? files = mergeBase is null || mergeBase == headCommit
            ? await GitAsync(directory, cancellationToken, "diff-tree", "--no-commit-id", "--name-only", "-r", "--root", "-m", "--first-parent", "HEAD")
            : await GitAsync(directory, cancellationToken, "diff", "--name-only", "--no-renames", mergeBase, "HEAD");
        return files is null ? (null, "if_changed: git could not list the changed files; all steps are kept") : (files, null);
    }

    private static IEnumerable<string> Candidates()
    {
        foreach (var variable in new[] { "BUILDKITE_PULL_REQUEST_BASE_BRANCH", "BUILDKITE_PIPELINE_DEFAULT_BRANCH" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } branch && branch != "false")
            {
                yield return "origin/" + branch;
                yield return branch;
            }
        }
        yield return "origin/main";
        yield return "main";
    }

    /// <summary>The output lines of a successful git command, or null when it failed.</summary>
    private static async Task<IReadOnlyList<string>?> GitAsync(string directory, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            _ = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }
}
