namespace ElasticCI.Testing.Plugins;

/// <summary>
/// A plugin mirror directory for <c>--plugin-mirror</c>: test plugins of our own as real git repositories laid out as
/// <c>HOST/PATH</c> (e.g. <c>github.com/buildkite-plugins/docker-buildkite-plugin.git</c>), tagged like releases.
/// </summary>
public sealed class TestPluginMirror : IDisposable
{
    public TestPluginMirror() => Root = Directory.CreateTempSubdirectory("elastic-ci-plugin-mirror-").FullName;

    public string Root { get; }

    /// <summary>Adds <c>HOST/OWNER/REPO</c> with <paramref name="hooks"/> (hook name → script) committed and tagged <paramref name="tag"/>;
    /// a later commit on main breaks every hook, so only the tagged version passes.</summary>
    public GitRepo Add(string hostPath, string tag, params (string Hook, string Script)[] hooks)
    {
        var parent = Path.Combine(Root, Path.GetDirectoryName(hostPath)!);
        Directory.CreateDirectory(parent);
        var repo = GitRepo.Create(parent, Path.GetFileName(hostPath));
        repo.Commit("release " + tag, [.. hooks.Select(h => ("hooks/" + h.Hook, h.Script))]);
        foreach (var (hook, _) in hooks)
        {
            File.SetUnixFileMode(Path.Combine(repo.Work, "hooks", hook), (UnixFileMode)0b111_101_101);
        }
        GitRepo.Run(repo.Work, "add", "-A");
        GitRepo.Run(repo.Work, "commit", "-q", "--allow-empty", "-m", "modes");
        GitRepo.Run(repo.Work, "tag", tag);
        GitRepo.Run(repo.Work, "push", "-q", "origin", "HEAD", tag);
        repo.Commit("unreleased", [.. hooks.Select(h => ("hooks/" + h.Hook, "#!/bin/sh\necho 'unreleased plugin version ran'; exit 97\n"))]);
        return repo;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
