using System.Collections;
using ElasticCI.Client;
using ElasticCI.Protocol.Agents;

namespace ElasticCI.Agent.Jobs;

/// <summary>Builds the environment a job's process sees.</summary>
internal static class JobEnvironment
{
    private const int MinTokenLengthForContainment = 8;

    /// <summary>
    /// The agent's own environment minus anything token-like, then the control plane's <see cref="JobAssignment.Env"/>,
    /// then the agent-side <c>BUILDKITE_*</c> variables.
    /// </summary>
    public static Dictionary<string, string> Build(IDictionary inherited, JobAssignment job, JobRunnerSettings settings, string checkoutPath)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in inherited)
        {
            if (entry.Key is string name && entry.Value is string value && !IsSecret(name, value, settings.RegistrationToken))
            {
                env[name] = value;
            }
        }
        foreach (var (name, value) in job.Env)
        {
            env[name] = value;
        }
        env["BUILDKITE_AGENT_NAME"] = settings.AgentName;
        env["BUILDKITE_AGENT_ID"] = settings.AgentId;
        env["BUILDKITE_BUILD_PATH"] = settings.BuildPath;
        env["BUILDKITE_BUILD_CHECKOUT_PATH"] = checkoutPath;
        env.TryAdd("BUILDKITE_COMMAND", job.Command);
        env["GIT_TERMINAL_PROMPT"] = "0";
        env["BUILDKITE_COMMAND_EVAL"] = settings.CommandEval ? "true" : "false";
        env["BUILDKITE_PLUGINS_ENABLED"] = settings.PluginsEnabled ? "true" : "false";
        env["BUILDKITE_PLUGINS_PATH"] = settings.EffectivePluginsPath;
        env["BUILDKITE_PTY"] = settings.Pty ? "true" : "false";
        env["BUILDKITE_SSH_KEYSCAN"] = settings.SshKeyscan ? "true" : "false";
        env["BUILDKITE_SHELL"] = "/bin/bash -e -c";
        env["BUILDKITE_LOCAL_HOOKS_ENABLED"] = "true";
        env["BUILDKITE_REDACTED_VARS"] = string.Join(',', settings.RedactedVars);
        env["BUILDKITE_CANCEL_GRACE_PERIOD"] = ((int)settings.CancelGracePeriod.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["BUILDKITE_AGENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["BUILDKITE_CONFIG_PATH"] = Environment.GetEnvironmentVariable("ELASTIC_CI_AGENT_CONFIG") ?? Environment.GetEnvironmentVariable("BUILDKITE_AGENT_CONFIG") ?? "";
        SetOrRemove(env, JobEndpoints.Variable, settings.CoordinatorUrls.Count > 1 ? string.Join(',', settings.CoordinatorUrls.Select(u => u.AbsoluteUri)) : null);
        SetOrRemove(env, "BUILDKITE_HOOKS_PATH", settings.HooksPath);
        SetOrRemove(env, "BUILDKITE_GIT_MIRRORS_PATH", settings.GitMirrorsPath);
        return env;
    }

    private static void SetOrRemove(Dictionary<string, string> env, string name, string? value)
    {
        if (value is null)
        {
            env.Remove(name);
        }
        else
        {
            env[name] = value;
        }
    }

    /// <summary>
    /// The registration token must never reach a job: drop it by its known names and by its value. Containment is only
    /// checked for tokens long enough not to match ordinary values by accident.
    /// </summary>
    internal static bool IsSecret(string name, string value, string registrationToken)
        => (name.StartsWith("ELASTIC_CI_", StringComparison.OrdinalIgnoreCase) && name.Contains("TOKEN", StringComparison.OrdinalIgnoreCase))
            || string.Equals(name, "BUILDKITE_AGENT_TOKEN", StringComparison.OrdinalIgnoreCase)
            || (registrationToken.Length > 0 && value == registrationToken)
            || (registrationToken.Length >= MinTokenLengthForContainment && value.Contains(registrationToken, StringComparison.Ordinal));
}
