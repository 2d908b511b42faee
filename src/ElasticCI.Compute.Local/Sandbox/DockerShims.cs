namespace ElasticCI.Compute.Local.Sandbox;

/// <summary>
/// The commands a sandboxed instance finds first on its PATH (<see cref="SandboxDirectory"/>, read-only in the sandbox).
/// With an engine: a <c>docker</c> wrapper that runs <c>docker compose ...</c> as Debian's docker-compose 1.29 (the
/// v2 syntax, whatever <c>DOCKER_CONFIG</c> a job or plugin points at, so no CLI-plugin directory is needed) and adds
/// the image and registry to a failed <c>docker pull</c>, whose engine message names neither; <c>docker run</c> is the
/// real CLI's child with a label, so a canceled job's SIGTERM removes its container (a PID 1 may ignore the signal);
/// <c>run</c> and <c>create</c> also label the container with the job's id (<c>elastic-ci.job</c>), by which the agent
/// removes a canceled job's detached containers;
/// everything else goes to the real CLI unchanged (<c>exec</c>). Without one: <c>docker</c> and <c>docker-compose</c> fail with one line
/// saying so and how to turn an engine on.
/// </summary>
internal static class DockerShims
{
    public const string SandboxDirectory = "/run/elastic-ci/bin";

    private const string Wrapper = """
        #!/bin/sh
        # elastic-ci: the instance's docker (DockerEngine: rootless). The real CLI is the next docker on PATH.
        real=
        rest=${PATH}
        while [ -n "$rest" ]; do
          dir=${rest%%:*}
          case "$rest" in *:*) rest=${rest#*:} ;; *) rest= ;; esac
          [ "$dir" = "__SELF__" ] && continue
          if [ -x "$dir/docker" ]; then real=$dir/docker; break; fi
        done
        if [ -z "$real" ]; then
          echo "elastic-ci: no docker CLI is installed on this host (Debian/Ubuntu: apt-get install docker.io)" >&2
          exit 127
        fi
        # Every container a job makes carries its job's id, so a canceled job's detached ones can be found and removed.
        job=${BUILDKITE_JOB_ID:-}
        if [ "$1" = container ] && { [ "$2" = run ] || [ "$2" = create ]; }; then shift; fi
        case "$1" in
          compose)
            shift
            exec docker-compose "$@" ;;
          create)
            shift
            exec "$real" create ${job:+--label "elastic-ci.job=$job"} "$@" ;;
          run)
            # A canceled job's SIGTERM reaches this shell with the CLI; a container's PID 1 may ignore it (sleep does),
            # so the container this run started is removed by its label before the CLI is let go.
            shift
            tag="${job:-job}-$$"
            exec 3<&0
            "$real" run --label "elastic-ci.run=$tag" ${job:+--label "elastic-ci.job=$job"} "$@" <&3 3<&- &
            child=$!
            exec 3<&-
            trap '"$real" ps -aq --filter "label=elastic-ci.run=$tag" | xargs -r "$real" rm -f >/dev/null 2>&1; kill -s TERM "$child" 2>/dev/null' TERM INT HUP
            while :; do
              wait "$child"
              rc=$?
              kill -0 "$child" 2>/dev/null || exit "$rc"
            done ;;
          pull)
            "$real" "$@"
            rc=$?
            [ "$rc" -eq 0 ] && exit 0
            image=
            for arg in "$@"; do case "$arg" in -*|pull) ;; *) image=$arg ;; esac; done
            first=${image%%/*}
            case "$first" in
              "$image") registry=docker.io ;;
              *.*|*:*|localhost) registry=$first ;;
              *) registry=docker.io ;;
            esac
            echo "elastic-ci: could not pull image '$image' from registry '$registry' (docker pull exited with $rc; the engine's message is above)" >&2
            exit "$rc" ;;
        esac
        exec "$real" "$@"
        """;

    private const string Refusal = """
        #!/bin/sh
        echo "elastic-ci: stack '__STACK__' has no container engine, so '__TOOL__' cannot run here; set 'DockerEngine: rootless' on the stack in elastic-ci.yml (docs/docker.md)" >&2
        exit 1
        """;

    /// <summary>
    /// Writes the commands for an instance into <paramref name="directory"/> (created with its parent, owned by the
    /// instance's user, 0700 like everything in the data directory: the sandbox mounts it read-only) and returns it.
    /// </summary>
    public static string Write(string directory, string stackName, bool engine, InstanceUser user)
    {
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        foreach (var dir in new[] { Path.GetDirectoryName(directory)!, directory })
        {
            Directory.CreateDirectory(dir, Private);
            File.SetUnixFileMode(dir, Private);
            Own(dir, user);
        }
        void Script(string name, string text)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
            File.SetUnixFileMode(path, Private);
            Own(path, user);
        }
        if (engine)
        {
            Script("docker", Wrapper.Replace("__SELF__", SandboxDirectory, StringComparison.Ordinal));
        }
        else
        {
            // A stack name is lower-case letters, digits and dashes: nothing in it can break out of the quoted line.
            foreach (var tool in new[] { "docker", "docker-compose", "docker-buildx" })
            {
                Script(tool, Refusal.Replace("__STACK__", stackName, StringComparison.Ordinal).Replace("__TOOL__", tool, StringComparison.Ordinal));
            }
        }
        return directory;
    }

    private static void Own(string path, InstanceUser user)
    {
        if (SandboxNative.LChown(path, user.Uid, user.Gid) != 0)
        {
            throw new IOException($"chown {path} to {user.Name} failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
        }
    }
}
