namespace ElasticCI.Agent.Jobs.Docker;

/// <summary>
/// The reference stack's built-in docker login: when the job's environment (typically the secrets store's env file)
/// sets <c>DOCKER_LOGIN_USER</c>, the instance's engine is logged in before the pre-command hooks with
/// <c>docker login --password-stdin</c> (password from <c>DOCKER_LOGIN_PASSWORD</c>, registry from the optional
/// <c>DOCKER_LOGIN_SERVER</c>), three attempts. <c>DOCKER_LOGIN_PLUGIN_ENABLED=false</c> turns it off for a pipeline;
/// the agent's <c>--no-docker-login</c> (stack parameter <c>EnableDockerLoginPlugin: false</c>) turns it off for every job.
/// </summary>
/// <remarks>
/// The credentials go to a per-job <c>DOCKER_CONFIG</c> directory (unless the job set its own), deleted when the job
/// ends, as the original's pre-exit does. The password reaches docker only on standard input, never on a command line,
/// and its value is redacted from the log by the usual <c>*_PASSWORD</c> rule.
/// </remarks>
internal static class DockerLogin
{
    public const string UserVariable = "DOCKER_LOGIN_USER";
    public const string PasswordVariable = "DOCKER_LOGIN_PASSWORD";
    public const string ServerVariable = "DOCKER_LOGIN_SERVER";
    public const string EnabledVariable = "DOCKER_LOGIN_PLUGIN_ENABLED";
    private const int Attempts = 3;

    private const string Script = """
        server="${DOCKER_LOGIN_SERVER:-}"
        if ! command -v docker >/dev/null 2>&1; then
          echo "docker login: DOCKER_LOGIN_USER is set but there is no docker CLI on this instance" >&2; exit 1
        fi
        for attempt in $(seq 1 "$1"); do
          if printf '%s' "${DOCKER_LOGIN_PASSWORD:-}" | docker login --username "$DOCKER_LOGIN_USER" --password-stdin ${server:+"$server"}; then
            exit 0
          fi
          [ "$attempt" -lt "$1" ] && { echo "docker login to ${server:-the default registry} failed (attempt $attempt of $1); retrying" >&2; sleep "$attempt"; }
        done
        echo "docker login to ${server:-the default registry} as $DOCKER_LOGIN_USER failed after $1 attempts" >&2
        exit 1
        """;

    /// <summary>Logs in when the job asks for it; null when nothing to do or it worked, else the failing exit status.</summary>
    public static async Task<int?> RunAsync(JobContext context)
    {
        if (context.Cancellation.IsRequested || !context.Settings.DockerLogin || context.Get(UserVariable).Length == 0
            || context.Get(EnabledVariable).Equals("false", StringComparison.OrdinalIgnoreCase) || context.Get(EnabledVariable) == "0")
        {
            return null;
        }
        if (context.Get("DOCKER_CONFIG").Length == 0)
        {
            var directory = ConfigDirectory(context);
            Directory.CreateDirectory(directory);
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            context.Environment["DOCKER_CONFIG"] = directory;
        }
        var server = context.Get(ServerVariable);
        var status = await context.RunAsync(["/bin/bash", "-c", Script, "docker-login", Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            $"~~~ Logging in to {(server.Length > 0 ? server : "the default registry")} as {context.Get(UserVariable)} (docker login)\n");
        if (status == 0)
        {
            return null;
        }
        await context.PrintAsync($"^^^ +++\nDocker login to {(server.Length > 0 ? server : "the default registry")} failed (exit status {status}); see the registry's message above\n");
        return status;
    }

    /// <summary>Deletes the per-job docker config this step made (credentials), whatever happened.</summary>
    public static void CleanUp(JobContext context)
    {
        var directory = ConfigDirectory(context);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string ConfigDirectory(JobContext context)
        => Path.Combine(context.Settings.BuildPath, ".docker-config", AgentNames.PathSegment(context.Get("BUILDKITE_JOB_ID")));
}
