using System.Globalization;
using System.Text;
using ElasticCI.Agent.Jobs.Checkout;
using ElasticCI.Agent.Jobs.Hooks;
using ElasticCI.Agent.Jobs.Plugins;
using ElasticCI.Agent.Jobs.Secrets;

namespace ElasticCI.Agent.Jobs;

/// <summary>
/// The phases of one job in the original agent's order (reference §3.2, v3 hook order): environment, plugins,
/// pre-checkout, checkout, post-checkout, pre-command, command, post-command, artifacts, pre-exit; and the exit-status
/// rules of §3.5. Brokered secrets are delivered at the start of the environment phase.
/// </summary>
internal sealed class JobLifecycle(JobContext context, IReadOnlyList<PluginReference> plugins, JobSecretsDelivery secrets)
{
    private readonly List<(PluginReference Plugin, string Directory)> _plugins = [];
    private string? _repositoryRoot;

    private JobRunnerSettings Settings => context.Settings;

    /// <summary>Runs every phase and returns the job's exit status.</summary>
    public async Task<int> RunAsync()
    {
        // Secrets first, as the original stack's environment hook: hooks and checkout already see them.
        var failure = await secrets.ApplyAsync(context) ?? await PhaseAsync(HookPhases.Environment);
        failure ??= await SetUpPluginsAsync(vendored: false);
        failure ??= await PhaseAsync(HookPhases.PreCheckout);
        failure ??= await CheckoutAsync();
        failure ??= await PostCheckoutAsync();
        failure ??= await SetUpPluginsAsync(vendored: true);
        failure ??= await Docker.DockerLogin.RunAsync(context);
        failure ??= await PhaseAsync(HookPhases.PreCommand);

        var command = 0;
        int? postCommand = null;
        var artifacts = 0;
        if (failure is null)
        {
            command = await CommandAsync();
            context.Environment["BUILDKITE_COMMAND_EXIT_STATUS"] = command.ToString(CultureInfo.InvariantCulture);
            // post-command runs even when the command failed or was canceled.
            postCommand = await PhaseAsync(HookPhases.PostCommand, duringCancel: true);
            if (context.Get("BUILDKITE_ARTIFACT_PATHS").Trim().Length > 0 && !context.Cancellation.IsRequested)
            {
                artifacts = await ArtifactsAsync();
            }
        }
        // Detached containers and compose services run under the engine, out of reach of the job's SIGTERM.
        await Docker.JobContainers.RemoveIfCanceledAsync(context);
        var preExit = await PhaseAsync(HookPhases.PreExit, duringCancel: true);
        await secrets.DisposeAsync(); // the job's ssh-agent ends with pre-exit, whatever happened before
        Docker.DockerLogin.CleanUp(context);

        if (preExit is { } exit)
        {
            return exit;
        }
        if (failure is { } setup)
        {
            return setup;
        }
        if (command == 0 && artifacts != 0)
        {
            return artifacts;
        }
        return postCommand ?? command;
    }

    /// <summary>Runs every hook of <paramref name="phase"/>; null when all succeeded, else the first failing status.</summary>
    private async Task<int?> PhaseAsync(string phase, bool duringCancel = false)
    {
        if (context.Cancellation.IsRequested)
        {
            context.Environment["BUILDKITE_JOB_CANCELLED"] = "true";
            if (!duringCancel)
            {
                return -1;
            }
        }
        foreach (var hook in Hooks(phase))
        {
            var status = await HookRunner.RunAsync(context, hook);
            if (status != 0)
            {
                return status;
            }
        }
        return null;
    }

    /// <summary>Agent hooks, then the repository's, then each plugin's (v3 order, which existing plugins expect).</summary>
    private IEnumerable<Hook> Hooks(string phase)
    {
        if (AgentHook(phase) is { } agent)
        {
            yield return agent;
        }
        if (RepositoryHook(phase) is { } repository)
        {
            yield return repository;
        }
        foreach (var (plugin, directory) in _plugins)
        {
            if (PluginInstaller.FindHook(plugin, directory, phase) is { } hook)
            {
                yield return hook;
            }
        }
    }

    private Hook? AgentHook(string phase)
        => Settings.HooksPath is { } hooks && File.Exists(Path.Combine(hooks, phase)) ? new Hook(phase, "global", Path.Combine(hooks, phase), null) : null;

    private Hook? RepositoryHook(string phase)
    {
        if (_repositoryRoot is null || !HookPhases.AllowsRepositoryHook(phase) || context.IsTrue("BUILDKITE_NO_LOCAL_HOOKS"))
        {
            return null;
        }
        var path = Path.Combine(_repositoryRoot, ".buildkite", "hooks", phase);
        if (!File.Exists(path))
        {
            return null;
        }
        // A symlinked hook must still resolve inside the checkout.
        var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        return PluginInstaller.IsInside(target, _repositoryRoot) ? new Hook(phase, "local", path, null) : null;
    }

    private Hook? PluginHook(string phase)
    {
        foreach (var (plugin, directory) in _plugins)
        {
            if (PluginInstaller.FindHook(plugin, directory, phase) is { } hook)
            {
                return hook;
            }
        }
        return null;
    }

    private async Task<int?> SetUpPluginsAsync(bool vendored)
    {
        if (context.Cancellation.IsRequested)
        {
            return -1;
        }
        var added = new List<(PluginReference, string)>();
        foreach (var plugin in plugins.Where(p => p.Vendored == vendored))
        {
            var directory = vendored
                ? await PluginInstaller.LocateVendoredAsync(context, plugin, _repositoryRoot ?? context.WorkingDirectory)
                : await PluginInstaller.InstallAsync(context, plugin, Settings.EffectivePluginsPath, Settings.PluginMirror);
            if (directory is null)
            {
                return 1;
            }
            added.Add((plugin, directory));
        }
        _plugins.AddRange(added);
        foreach (var (plugin, directory) in added)
        {
            if (PluginInstaller.FindHook(plugin, directory, HookPhases.Environment) is { } hook && await HookRunner.RunAsync(context, hook) is var status and not 0)
            {
                return status;
            }
        }
        return null;
    }

    private async Task<int?> CheckoutAsync()
    {
        if (context.Cancellation.IsRequested)
        {
            return -1;
        }
        var path = context.Get("BUILDKITE_BUILD_CHECKOUT_PATH");
        if (context.IsTrue("BUILDKITE_CLEAN_CHECKOUT") && Directory.Exists(path))
        {
            await context.PrintAsync($"~~~ Cleaning checkout directory\n$ rm -rf {path}\n");
            Directory.Delete(path, recursive: true);
        }
        Directory.CreateDirectory(path);
        context.WorkingDirectory = path;

        // Only one checkout takes effect: a plugin's, else the agent's, else the built-in one.
        var hook = PluginHook(HookPhases.Checkout) ?? AgentHook(HookPhases.Checkout);
        int status;
        if (hook is not null)
        {
            status = await HookRunner.RunAsync(context, hook);
        }
        else if (context.Get("BUILDKITE_REPO").Length == 0 || context.IsTrue("BUILDKITE_SKIP_CHECKOUT"))
        {
            return null;
        }
        else if (JobPolicy.RepositoryRefusal(context.Get("BUILDKITE_REPO"), Settings) is { } refusal)
        {
            // A hook changed BUILDKITE_REPO after the job was accepted; the allow-list still applies.
            await context.PrintAsync($"^^^ +++\nThis agent refused the checkout: {refusal}\n");
            return -1;
        }
        else
        {
            status = await GitCheckout.RunAsync(context, Settings.GitMirrorsPath);
        }
        if (status != 0)
        {
            return status;
        }
        _repositoryRoot = path;
        return null;
    }

    private async Task<int?> PostCheckoutAsync()
    {
        var failure = await PhaseAsync(HookPhases.PostCheckout);
        var path = context.Get("BUILDKITE_BUILD_CHECKOUT_PATH");
        if (failure is null && path.Length > 0 && path != _repositoryRoot && _repositoryRoot is not null && Directory.Exists(path))
        {
            context.WorkingDirectory = path;
        }
        return failure;
    }

    private async Task<int> CommandAsync()
    {
        if (context.Cancellation.IsRequested)
        {
            return -1;
        }
        // Only one command takes effect: a plugin's, else the repository's, else the agent's, else the built-in one.
        if ((PluginHook(HookPhases.Command) ?? RepositoryHook(HookPhases.Command) ?? AgentHook(HookPhases.Command)) is { } hook)
        {
            return await HookRunner.RunAsync(context, hook);
        }
        var command = context.Get("BUILDKITE_COMMAND");
        if (command.Trim().Length == 0)
        {
            await context.PrintAsync("^^^ +++\nThe job has no command and no command hook\n");
            return 1;
        }
        var script = ScriptInCheckout(command);
        if (script is null && !Settings.CommandEval)
        {
            await context.PrintAsync($"^^^ +++\nThis agent only runs scripts from the repository (command evaluation is off); `{command.Trim()}` is not one\n");
            return 1;
        }
        if (script is not null && Settings.CommandEval)
        {
            File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);
        }
        IReadOnlyList<string> argv = script is null ? ["/bin/bash", "-e", "-c", command] : [script];
        return await context.RunAsync(argv, Header(command));
    }

    /// <summary>The command names a file inside the checkout (newlines removed): that file runs as a script.</summary>
    private string? ScriptInCheckout(string command)
    {
        var candidate = command.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Trim();
        if (candidate.Length == 0 || candidate.Contains(' ', StringComparison.Ordinal))
        {
            return null;
        }
        var root = _repositoryRoot ?? context.WorkingDirectory;
        var path = Path.GetFullPath(Path.Combine(context.WorkingDirectory, candidate));
        return File.Exists(path) && PluginInstaller.IsInside(path, root) ? path : null;
    }

    private async Task<int> ArtifactsAsync()
    {
        if (await PhaseAsync(HookPhases.PreArtifact) is { } pre)
        {
            return pre;
        }
        // The in-job command does the upload, so artifact_paths and `buildkite-agent artifact upload` behave the same.
        var paths = context.Get("BUILDKITE_ARTIFACT_PATHS");
        if (!string.IsNullOrWhiteSpace(paths))
        {
            var uploaded = await context.RunAsync(["buildkite-agent", "artifact", "upload", paths], $"~~~ Uploading artifacts\n$ buildkite-agent artifact upload \"{paths}\"\n");
            if (uploaded != 0)
            {
                return uploaded;
            }
        }
        return await PhaseAsync(HookPhases.PostArtifact) ?? 0;
    }

    internal static string Header(string command)
    {
        var header = new StringBuilder("~~~ Running commands\n");
        // A block scalar (`command: |`) ends with a newline; that is not an empty command.
        foreach (var line in command.TrimEnd('\n', '\r').Split('\n'))
        {
            header.Append("$ ").Append(line.TrimEnd('\r')).Append('\n');
        }
        return header.ToString();
    }
}
