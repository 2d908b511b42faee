using System.Globalization;
using ElasticCI.Agent.Jobs.Hooks;

namespace ElasticCI.Agent.Jobs.Secrets;

/// <summary>
/// Delivers the job's brokered secrets at the start of the environment phase, before checkout (the original stack's
/// environment hook): env files and secret files into the environment, SSH keys into a per-job ssh-agent, git-credentials
/// behind a credential helper. Disposing kills the ssh-agent; the lifecycle does it after pre-exit, the runner again on
/// every other way out.
/// </summary>
internal sealed class JobSecretsDelivery(FetchedSecrets fetched, DeliveryPlan? plan) : IAsyncDisposable
{
    private const string SkipSshWarningVariable = "BUILDKITE_PLUGIN_S3_SECRETS_SKIP_SSH_KEY_NOT_FOUND_WARNING";
    private SshAgentSession? _sshAgent;

    /// <summary>Null when delivered (or nothing to deliver); else the status the environment phase fails with.</summary>
    public async Task<int?> ApplyAsync(JobContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Cancellation.IsRequested)
        {
            return -1;
        }
        if (fetched.Unreachable is { } reason)
        {
            await context.PrintAsync($"^^^ +++\nsecrets store unreachable: {reason}\nThe job's secrets could not be loaded, so the job stops before checkout.\n");
            return 1;
        }
        if (plan is null)
        {
            return null;
        }
        if (plan.Error is { } error)
        {
            await context.PrintAsync($"^^^ +++\nsecrets: {error}\n");
            return 1;
        }
        await context.PrintAsync(string.Create(CultureInfo.InvariantCulture,
            $"~~~ Loading secrets for prefix {plan.Prefix}: {plan.Environment.Count} variables, {plan.SshKeys.Count} SSH keys, {plan.GitCredentialKeys.Count} git-credentials\n"));
        var refused = new List<string>();
        foreach (var (name, value) in plan.Environment)
        {
            if (EnvironmentChanges.Protected.Contains(name))
            {
                refused.Add(name);
                continue;
            }
            context.Environment[name] = value;
        }
        if (refused.Count > 0)
        {
            await context.PrintAsync($"secrets may not set {string.Join(", ", refused)}; ignored\n");
        }
        if (plan.SshKeys.Count > 0)
        {
            var socket = Path.Combine(context.Executor.NewStepDirectory(), "ssh-agent.sock");
            try
            {
                _sshAgent = await SshAgentSession.StartAsync(socket, plan.SshKeys, CancellationToken.None);
            }
            catch (SshAgentException ex)
            {
                await context.PrintAsync($"^^^ +++\nsecrets: {ex.Message}\n");
                return 1;
            }
            context.Environment["SSH_AUTH_SOCK"] = _sshAgent.Socket;
            context.Environment["SSH_AGENT_PID"] = _sshAgent.ProcessId.ToString(CultureInfo.InvariantCulture);
        }
        else if (LooksLikeSsh(context.Get("BUILDKITE_REPO")) && !context.IsTrue(SkipSshWarningVariable))
        {
            await context.PrintAsync($"No SSH key for this pipeline in the secrets store ({plan.Prefix}/private_ssh_key or private_ssh_key); an SSH checkout will need one\n");
        }
        if (plan.GitCredentialKeys.Count > 0)
        {
            context.Environment[GitCredentialHelper.Variable] = GitCredentialHelper.Parameters(
                context.Get(GitCredentialHelper.Variable), context.Get("BUILDKITE_BIN_PATH"), plan.GitCredentialKeys);
        }
        return null;
    }

    /// <summary>Kills the job's ssh-agent, if one was started (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_sshAgent is not null)
        {
            await _sshAgent.DisposeAsync();
        }
    }

    private static bool LooksLikeSsh(string repository)
        => repository.StartsWith("git@", StringComparison.Ordinal) || repository.StartsWith("ssh://", StringComparison.Ordinal);
}
