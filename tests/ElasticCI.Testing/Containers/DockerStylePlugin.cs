namespace ElasticCI.Testing.Containers;

/// <summary>
/// Hooks of our own test plugins that drive the engine the way the official plugins document it (never their code):
/// the docker plugin's <c>command</c> hook runs the step's command in <c>image</c> with the checkout mounted at
/// <c>/workdir</c>, <c>-it</c> only when a TTY is present, <c>propagate-environment</c> and <c>mount-buildkite-agent</c>;
/// the docker-login plugin's <c>pre-command</c> hook logs in with <c>username</c> and the password in the variable
/// <c>password-env</c> names, to <c>server</c>.
/// </summary>
public static class DockerStylePlugin
{
    public const string CommandHook = """
        #!/bin/bash
        set -euo pipefail
        image="${BUILDKITE_PLUGIN_DOCKER_IMAGE:?image is required}"
        args=(run --rm --volume "$PWD:/workdir" --workdir /workdir)
        if [ -t 0 ] && [ -t 1 ]; then args+=(-it); echo "docker-style plugin: TTY present, running with -it"; fi
        if [ "${BUILDKITE_PLUGIN_DOCKER_PROPAGATE_ENVIRONMENT:-false}" = true ]; then
          for name in $(compgen -e); do
            case "$name" in PATH|HOME|HOSTNAME|PWD|OLDPWD|SHLVL|TERM|_|BASH*) ;; *) args+=(--env "$name") ;; esac
          done
        fi
        if [ "${BUILDKITE_PLUGIN_DOCKER_MOUNT_BUILDKITE_AGENT:-false}" = true ]; then
          args+=(--volume "$(command -v buildkite-agent):/usr/bin/buildkite-agent:ro"
                 --env BUILDKITE_JOB_ID --env BUILDKITE_BUILD_ID --env BUILDKITE_AGENT_ACCESS_TOKEN --env BUILDKITE_AGENT_ENDPOINT)
        fi
        echo "+++ :docker: Running in $image (docker plugin v5.12.0 from the mirror)"
        exec docker "${args[@]}" "$image" /bin/sh -e -c "$BUILDKITE_COMMAND"
        """;

    public const string LoginHook = """
        #!/bin/bash
        set -euo pipefail
        password_env="${BUILDKITE_PLUGIN_DOCKER_LOGIN_PASSWORD_ENV:-DOCKER_LOGIN_PASSWORD}"
        echo "~~~ :docker: Logging in to ${BUILDKITE_PLUGIN_DOCKER_LOGIN_SERVER:-the default registry} (docker-login plugin v3.0.0 from the mirror)"
        printf '%s' "${!password_env}" | docker login --username "$BUILDKITE_PLUGIN_DOCKER_LOGIN_USERNAME" --password-stdin ${BUILDKITE_PLUGIN_DOCKER_LOGIN_SERVER:+"$BUILDKITE_PLUGIN_DOCKER_LOGIN_SERVER"}
        """;
}
