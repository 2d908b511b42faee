using System.Diagnostics;

namespace ElasticCI.Testing;

/// <summary>A real bare repository on disk plus a working clone to make commits in and push from.</summary>
public sealed class GitRepo
{
    private GitRepo(string bare, string work)
    {
        Bare = bare;
        Work = work;
    }

    /// <summary>The bare repository: what jobs get as <c>BUILDKITE_REPO</c>.</summary>
    public string Bare { get; }

    public string Work { get; }

    /// <summary>Creates <c>&lt;root&gt;/&lt;name&gt;.git</c> (bare, default branch <c>main</c>) and a working clone.</summary>
    public static GitRepo Create(string root, string name)
    {
        var bare = Path.Combine(root, name + ".git");
        var work = Path.Combine(root, name + "-work");
        Run(root, "init", "-q", "--bare", "-b", "main", bare);
        Run(root, "init", "-q", "-b", "main", work);
        Run(work, "remote", "add", "origin", bare);
        return new GitRepo(bare, work);
    }

    /// <summary>Writes <paramref name="files"/> (path → content; scripts under <c>hooks</c> made executable), commits, and pushes the current branch.</summary>
    public string Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(Work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        Run(Work, "add", "-A");
        Run(Work, "commit", "-q", "--allow-empty", "-m", message);
        Run(Work, "push", "-q", "origin", "HEAD");
        return Head();
    }

    public string Head() => Run(Work, "rev-parse", "HEAD").Trim();

    /// <summary>Starts a new branch at the current commit (pushed with the next commit).</summary>
    public void Branch(string name) => Run(Work, "checkout", "-q", "-b", name);

    public void Switch(string name) => Run(Work, "checkout", "-q", name);

    /// <summary>Pushes the current commit to an arbitrary ref, e.g. <c>refs/pull/1/head</c>.</summary>
    public void PushTo(string reference) => Run(Work, "push", "-q", "origin", "HEAD:" + reference);

    public static string Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in new[]
        {
            ("GIT_AUTHOR_NAME", "Test"), ("GIT_AUTHOR_EMAIL", "test@example.invalid"),
            ("GIT_COMMITTER_NAME", "Test"), ("GIT_COMMITTER_EMAIL", "test@example.invalid"),
        })
        {
            start.Environment[name] = value;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {error.Result}");
        return output;
    }
}
