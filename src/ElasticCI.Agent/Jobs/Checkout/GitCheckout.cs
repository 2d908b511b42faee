using System.Text;

namespace ElasticCI.Agent.Jobs.Checkout;

/// <summary>
/// The built-in checkout (reference §3.6): clone or reuse the working copy in the current directory, fetch what the job
/// names, check it out, clean, update submodules. Every git call is a step in the job's group, writing into the log.
/// </summary>
internal static class GitCheckout
{
    /// <summary>Exit status when the mirror lock could not be taken in time (as the original agent).</summary>
    public const int MirrorLockTimeoutStatus = 94;

    private const int MirrorLockTimeoutSeconds = 300;

    // Under flock: clone the bare mirror once (to a temporary name, so a killed clone is not taken for a finished one),
    // afterwards only fetch when the wanted commit is not there yet.
    private const string MirrorScript = """
        if [ ! -d "$1" ]; then
          rm -rf -- "$1.tmp"
          git clone --mirror -v -- "$2" "$1.tmp"
          mv -- "$1.tmp" "$1"
        elif [ -z "$3" ] || [ "$3" = HEAD ] || ! git --git-dir="$1" cat-file -e "$3^{commit}" 2>/dev/null; then
          git --git-dir="$1" fetch -v --prune origin
        fi
        """;

    /// <summary>Checks out <c>BUILDKITE_REPO</c> into <see cref="JobContext.WorkingDirectory"/>; returns the first failing status or 0.</summary>
    public static async Task<int> RunAsync(JobContext context, string? mirrorsPath)
    {
        var repository = context.Get("BUILDKITE_REPO");
        var directory = context.WorkingDirectory;
        var commit = context.Get("BUILDKITE_COMMIT") is { Length: > 0 } c ? c : "HEAD";
        var branch = context.Get("BUILDKITE_BRANCH");
        var refspec = context.Get("BUILDKITE_REFSPEC");
        var cleanFlags = Flags(context, "BUILDKITE_GIT_CLEAN_FLAGS", "-ffxdq");
        var submodules = !context.Get("BUILDKITE_GIT_SUBMODULES").Equals("false", StringComparison.OrdinalIgnoreCase);
        int status;

        await SshKeyscan.RunAsync(context, repository);
        string? mirror = null;
        if (mirrorsPath is not null)
        {
            Directory.CreateDirectory(mirrorsPath);
            mirror = Path.Combine(mirrorsPath, MirrorName(repository));
            status = await context.RunAsync(
                ["flock", "-E", MirrorLockTimeoutStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w",
                 MirrorLockTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), mirror + ".lock",
                 "/bin/bash", "-e", "-c", MirrorScript, "mirror", mirror, repository, commit],
                $"~~~ Updating git mirror {mirror}\n",
                workingDirectory: mirrorsPath);
            if (status != 0)
            {
                return status;
            }
            context.Environment["BUILDKITE_REPO_MIRROR"] = mirror;
        }

        await context.PrintAsync("~~~ Preparing working directory\n");
        if (Directory.Exists(Path.Combine(directory, ".git")))
        {
            status = await GitAsync(context, ["remote", "set-url", "origin", repository]);
        }
        else
        {
            // Leftovers of an interrupted clone would make `git clone .` refuse.
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo sub)
                {
                    sub.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
            List<string> clone = ["clone", .. Flags(context, "BUILDKITE_GIT_CLONE_FLAGS", "-v")];
            if (mirror is not null)
            {
                clone.AddRange(["--reference", mirror]);
            }
            clone.AddRange(["--", repository, "."]);
            status = await GitAsync(context, clone);
        }
        if (status != 0 || (status = await GitAsync(context, ["clean", .. cleanFlags])) != 0)
        {
            return status;
        }
        // A reused working copy: its submodules get the same clean before anything is fetched (reference §3.6 step 3).
        if (submodules && File.Exists(Path.Combine(directory, ".gitmodules"))
            && (status = await GitAsync(context, ["submodule", "foreach", "--recursive", "git clean " + string.Join(' ', cleanFlags)])) != 0)
        {
            return status;
        }

        var fetch = Flags(context, "BUILDKITE_GIT_FETCH_FLAGS", "-v --prune");
        string target;
        var pullRequest = context.Get("BUILDKITE_PULL_REQUEST");
        if (refspec.Length == 0 && pullRequest.Length > 0 && pullRequest.All(char.IsAsciiDigit))
        {
            // A pull-request build fetches the pull request's head where the repository has one (GitHub-style
            // refs/pull/N/head), as the Buildkite agent does; elsewhere the branch or commit below.
            if (await GitAsync(context, ["fetch", .. fetch, "origin", $"refs/pull/{pullRequest}/head"]) == 0)
            {
                refspec = $"refs/pull/{pullRequest}/head";
            }
            else
            {
                await context.PrintAsync($"The repository has no refs/pull/{pullRequest}/head; fetching the branch or commit instead\n");
            }
        }
        if (refspec.Length > 0)
        {
            status = await GitAsync(context, ["fetch", .. fetch, "origin", .. refspec.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
            target = commit == "HEAD" ? "FETCH_HEAD" : commit;
        }
        else if (commit == "HEAD")
        {
            status = await GitAsync(context, ["fetch", .. fetch, "origin", branch.Length > 0 ? branch : "HEAD"]);
            target = "FETCH_HEAD";
        }
        else
        {
            status = await GitAsync(context, ["fetch", .. fetch, "origin", commit]);
            if (status != 0)
            {
                // Servers may refuse unadvertised SHAs; fetch branches and tags, the commit is usually among them.
                await context.PrintAsync("Fetching the commit directly failed; fetching all branches and tags\n");
                status = await GitAsync(context, ["fetch", .. fetch, "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"]);
            }
            target = commit;
        }
        if (status != 0 || (status = await GitAsync(context, ["checkout", "-f", target])) != 0)
        {
            return status;
        }

        if (submodules && File.Exists(Path.Combine(directory, ".gitmodules")))
        {
            // BUILDKITE_GIT_SUBMODULE_CLONE_CONFIG: comma-separated key=value, given as `git -c` to the update that clones.
            var cloneConfig = context.Get("BUILDKITE_GIT_SUBMODULE_CLONE_CONFIG")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .SelectMany(setting => new[] { "-c", setting });
            foreach (var submodule in new[]
            {
                new[] { "submodule", "sync", "--recursive" },
                [.. cloneConfig, "submodule", "update", "--init", "--recursive", "--force"],
                ["submodule", "foreach", "--recursive", "git reset --hard"],
                ["submodule", "foreach", "--recursive", "git clean " + string.Join(' ', cleanFlags)],
            })
            {
                if ((status = await GitAsync(context, submodule)) != 0)
                {
                    return status;
                }
            }
        }
        return await GitAsync(context, ["clean", .. cleanFlags]);
    }

    /// <summary>One mirror directory per repository URL: every character that is not a letter or digit becomes <c>-</c>.</summary>
    internal static string MirrorName(string repository)
    {
        var builder = new StringBuilder(repository.Length);
        foreach (var c in repository)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }
        return builder.ToString();
    }

    private static string[] Flags(JobContext context, string name, string fallback)
        => (context.Get(name) is { Length: > 0 } value ? value : fallback).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static Task<int> GitAsync(JobContext context, IReadOnlyList<string> arguments)
        => context.RunAsync(["git", .. arguments], "$ git " + string.Join(' ', arguments) + "\n");
}
