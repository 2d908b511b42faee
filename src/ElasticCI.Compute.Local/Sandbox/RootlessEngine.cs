using System.Diagnostics;
using System.Globalization;
using ElasticCI.Compute.Local.Settings;

namespace ElasticCI.Compute.Local.Sandbox;

/// <summary>
/// The container engine of a sandboxed instance (<c>DockerEngine: rootless</c>): a rootless dockerd under rootlesskit,
/// run as the instance's own user. An engine cannot start inside bubblewrap (its no-new-privileges flag blocks the setuid
/// newuidmap), so the sandbox's watchdog starts it outside, before the sandbox, and binds only its socket in. The engine
/// sees the host through a private mount namespace in which the data directory, /tmp, /var/tmp and the home directories
/// are empty, except for the instance's own directory at its usual path (so <c>-v $PWD:/work</c> from a job works);
/// everything else it could reach is checked against an unprivileged uid (container root = the instance's user).
/// Its storage lives in the instance directory (<c>engine/</c>) and goes with the instance, as does its runtime
/// directory (<c>/run/user/UID</c>, where its socket is).
/// </summary>
internal sealed record RootlessEngine(InstanceUser User, string InstanceDirectory, StackDockerSettings Settings)
{
    /// <summary>The watchdog's engine functions (<c>engine_start</c>, <c>engine_stop</c>); set only for instances with an engine.</summary>
    public const string Variable = "ELASTIC_CI_ENGINE";

    /// <summary>The private IPv6 range of the engine's default bridge with <c>DockerNetworkingProtocol: dualstack</c>.</summary>
    public const string Ipv6Range = "fd00:e1a5:71c1::/64";

    /// <summary>The host's loopback as the engine and its containers see it (rootlesskit with host loopback allowed).</summary>
    public const string HostGateway = "10.0.2.2";

    private const string Prefix = "ELASTIC_CI_ENGINE_";

    private static readonly string[] WatchdogSettings = ["NAMESPACE", "USER", "UID", "GID", "INSTANCE", "DATA", "TIMEOUT", "PATH", "KIT", "ARGS"];

    // Run by the watchdog (bash, root, outside the sandbox). The engine's pid stays in this shell, never in a file the
    // instance's user could rewrite to make root kill something else. SIGKILL to rootlesskit ends the engine's PID
    // namespace (--pidns), so dockerd, containerd and every container die with it; its storage is then removed as root.
    private const string Functions = """
        engine_run=/run/user/$ELASTIC_CI_ENGINE_UID
        engine_store=$ELASTIC_CI_ENGINE_INSTANCE/engine
        engine_pid=
        engine_start() {
          local log=$ELASTIC_CI_ENGINE_INSTANCE/engine.log deadline=$((SECONDS + ELASTIC_CI_ENGINE_TIMEOUT)) started=$EPOCHREALTIME
          umask 077
          rm -rf "$engine_run" "$engine_store" "$ELASTIC_CI_ENGINE_INSTANCE/engine.failed"
          install -d -m 0755 /run/user
          install -d -m 0700 -o "$ELASTIC_CI_ENGINE_UID" -g "$ELASTIC_CI_ENGINE_GID" "$engine_run" "$engine_store"
          unshare --mount --propagation private -- bash -c "$ELASTIC_CI_ENGINE_NAMESPACE" >"$log" 2>&1 </dev/null &
          engine_pid=$!
          until DOCKER_HOST="unix://$engine_run/docker.sock" docker version >/dev/null 2>&1; do
            if ! kill -0 "$engine_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
              { echo "the container engine (DockerEngine: rootless) did not start within ${ELASTIC_CI_ENGINE_TIMEOUT}s; engine.log ends:"; tail -n 15 "$log"; } >"$ELASTIC_CI_ENGINE_INSTANCE/engine.failed"
              cat "$ELASTIC_CI_ENGINE_INSTANCE/engine.failed"
              engine_stop
              return 1
            fi
            sleep 0.1
          done
          echo "engine: rootless dockerd (pid $engine_pid) answers on $engine_run/docker.sock after $(awk "BEGIN { printf \"%.2f\", $EPOCHREALTIME - $started }")s"
        }
        engine_stop() {
          if [ -n "$engine_pid" ]; then
            kill -s KILL "$engine_pid" 2>/dev/null
            wait "$engine_pid" 2>/dev/null
            engine_pid=
          fi
          # Whatever of the engine's user is left outside its PID namespace (slirp4netns, a stray shim) goes too.
          for proc in /proc/[0-9]*; do
            [ "$(stat -c %u "$proc" 2>/dev/null)" = "$ELASTIC_CI_ENGINE_UID" ] && kill -s KILL "${proc#/proc/}" 2>/dev/null
          done
          rm -rf "$engine_store" "$engine_run"
          echo "engine: stopped; its containers, images, volumes and storage are removed"
        }
        """;

    // Root, inside the engine's new mount namespace: hide what the engine has no business seeing, put the instance
    // directory back at its own path (parents 0755, so the unprivileged engine can reach it), then drop to the instance's
    // user without no-new-privileges (rootlesskit needs the setuid newuidmap/newgidmap) and start dockerd-rootless.sh.
    private const string Namespace = """
        set -e
        umask 022
        inst=$ELASTIC_CI_ENGINE_INSTANCE
        stage=/run/user/$ELASTIC_CI_ENGINE_UID/.instance
        mkdir "$stage"
        mount --bind "$inst" "$stage"
        for hide in /tmp /var/tmp /home /root /srv /mnt /media "$ELASTIC_CI_ENGINE_DATA"; do
          [ -d "$hide" ] || continue
          mode=0755; case "$hide" in /tmp|/var/tmp) mode=1777;; esac
          mount -t tmpfs -o "mode=$mode" tmpfs "$hide"
        done
        mkdir -p "$inst"
        mount --move "$stage" "$inst"
        rmdir "$stage"
        exec setpriv --reuid "$ELASTIC_CI_ENGINE_UID" --regid "$ELASTIC_CI_ENGINE_GID" --clear-groups \
          env -i HOME="$inst/engine" USER="$ELASTIC_CI_ENGINE_USER" LOGNAME="$ELASTIC_CI_ENGINE_USER" \
          PATH="$ELASTIC_CI_ENGINE_PATH" XDG_RUNTIME_DIR="/run/user/$ELASTIC_CI_ENGINE_UID" \
          DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS="$ELASTIC_CI_ENGINE_KIT" \
          dockerd-rootless.sh --data-root "$inst/engine/data" $ELASTIC_CI_ENGINE_ARGS
        """;

    /// <summary>How long the engine may take to answer on its socket before the instance counts as failed.</summary>
    public static TimeSpan StartTimeout { get; } = TimeSpan.FromSeconds(90);

    public string RuntimeDirectory => "/run/user/" + User.Uid.ToString(CultureInfo.InvariantCulture);

    /// <summary>The engine's socket: the same path outside and inside the sandbox, so <c>-v $socket:...</c> from a job means the same file to the engine.</summary>
    public string Socket => RuntimeDirectory + "/docker.sock";

    public string StorageDirectory => Path.Combine(InstanceDirectory, "engine");

    /// <summary>The watchdog's environment: the functions and what they need (all unset inside the sandbox).</summary>
    public void AddTo(ProcessStartInfo start, string dataDirectory)
    {
        start.Environment[Variable] = Functions;
        start.Environment[Prefix + "NAMESPACE"] = Namespace;
        start.Environment[Prefix + "USER"] = User.Name;
        start.Environment[Prefix + "UID"] = User.Uid.ToString(CultureInfo.InvariantCulture);
        start.Environment[Prefix + "GID"] = User.Gid.ToString(CultureInfo.InvariantCulture);
        start.Environment[Prefix + "INSTANCE"] = InstanceDirectory;
        start.Environment[Prefix + "DATA"] = Path.GetFullPath(dataDirectory);
        start.Environment[Prefix + "TIMEOUT"] = ((int)StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        start.Environment[Prefix + "PATH"] = EngineSupport.EnginePath;
        start.Environment[Prefix + "KIT"] = string.Join(' ', RootlesskitFlags());
        start.Environment[Prefix + "ARGS"] = string.Join(' ', DaemonArguments());
    }

    /// <summary>Names the sandbox must not inherit from the watchdog.</summary>
    public static IEnumerable<string> WatchdogVariables() => [Variable, .. WatchdogSettings.Select(n => Prefix + n)];

    /// <summary>bubblewrap arguments: the socket at its own path, the engine's storage hidden, and the jobs' environment.</summary>
    public IEnumerable<string> SandboxArguments()
    {
        List<string> args = ["--perms", "0755", "--dir", "/run/user", "--perms", "0755", "--dir", RuntimeDirectory,
            "--bind", Socket, Socket,
            // A job's `rm -rf ~/*` (HOME is the instance directory) must not pull the engine's storage from under it.
            "--perms", "0700", "--tmpfs", StorageDirectory,
            "--setenv", "DOCKER_HOST", "unix://" + Socket];
        if (Settings.Experimental)
        {
            args.AddRange(["--setenv", "DOCKER_CLI_EXPERIMENTAL", "enabled"]);
        }
        return args;
    }

    /// <summary>dockerd's flags from the stack's Docker parameters.</summary>
    public IEnumerable<string> DaemonArguments()
    {
        // The host's loopback is 10.0.2.2 to this engine (see RootlesskitFlags). A rootful dockerd treats loopback
        // registries as insecure (plain HTTP allowed) on its own; this keeps that for the host's loopback seen from here,
        // so a registry on 127.0.0.1:PORT works as 10.0.2.2:PORT. It reaches nothing a job could not reach itself.
        yield return "--insecure-registry=" + HostGateway + "/32";
        if (Settings.Experimental || Settings.NetworkingProtocol == StackDockerNetworking.DualStack)
        {
            // As the original: dualstack forces experimental (ip6tables needs it in this dockerd).
            yield return "--experimental";
        }
        if (Settings.NetworkingProtocol == StackDockerNetworking.DualStack)
        {
            yield return "--ipv6";
            yield return "--fixed-cidr-v6=" + Ipv6Range;
        }
    }

    private IEnumerable<string> RootlesskitFlags()
    {
        yield return "--pidns";
        // Containers reach the host's loopback at 10.0.2.2, as the job itself reaches it at 127.0.0.1: the in-job
        // buildkite-agent mounted into a container calls the coordinator there. It gives a container nothing its job lacks.
        yield return "--disable-host-loopback=false";
        if (Settings.NetworkingProtocol == StackDockerNetworking.DualStack)
        {
            yield return "--ipv6";
        }
    }

    /// <summary>What a killed watchdog could not remove: the engine's storage and runtime directory (as root, whatever uid owns the files).</summary>
    public static void RemoveLeftovers(string instanceDirectory, uint? uid)
    {
        var storage = Path.Combine(instanceDirectory, "engine");
        if (Directory.Exists(storage))
        {
            Directory.Delete(storage, recursive: true);
        }
        var runtime = uid is { } id ? "/run/user/" + id.ToString(CultureInfo.InvariantCulture) : null;
        if (runtime is not null && Directory.Exists(runtime))
        {
            Directory.Delete(runtime, recursive: true);
        }
    }
}
