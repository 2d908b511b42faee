using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticCI.Agent.Jobs.Checkout;

/// <summary>
/// Before a checkout over SSH, adds the repository host's keys to the known-hosts file with <c>ssh-keyscan</c>, as the
/// Buildkite agent does by default, so a fresh instance does not fail with "Host key verification failed". The file is
/// the one <c>GIT_SSH_COMMAND</c> names with <c>UserKnownHostsFile=</c>, else <c>~/.ssh/known_hosts</c>; a host already in
/// it is left alone (a pinned key is never replaced). <c>--no-ssh-keyscan</c> (<c>BUILDKITE_SSH_KEYSCAN=false</c>) or
/// <c>BUILDKITE_NO_SSH_KEYSCAN=true</c> turns it off.
/// </summary>
internal static partial class SshKeyscan
{
    private const string Script = """
        host=$1 port=$2 file=$3
        entry=$host
        [ "$port" = 22 ] || entry="[$host]:$port"
        mkdir -p -- "$(dirname -- "$file")"
        if [ -f "$file" ] && ssh-keygen -F "$entry" -f "$file" >/dev/null 2>&1; then
          echo "Host $entry is already in $file"
          exit 0
        fi
        echo "Adding the SSH host keys of $entry to $file"
        keys=$(ssh-keyscan -T 10 -p "$port" -- "$host" 2>/dev/null) || true
        if [ -z "$keys" ]; then
          echo "ssh-keyscan found no keys for $entry; the checkout may fail with Host key verification failed"
          exit 0
        fi
        printf '%s\n' "$keys" >> "$file"
        """;

    public static async Task RunAsync(JobContext context, string repository)
    {
        if (context.Get("BUILDKITE_SSH_KEYSCAN").Equals("false", StringComparison.OrdinalIgnoreCase) || context.IsTrue("BUILDKITE_NO_SSH_KEYSCAN")
            || Parse(repository) is not var (host, port))
        {
            return;
        }
        var file = KnownHostsFile().Match(context.Get("GIT_SSH_COMMAND")) is { Success: true } match
            ? match.Groups[1].Value
            : Path.Combine(context.Get("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");
        await context.RunAsync(["/bin/bash", "-c", Script, "ssh-keyscan", host, port.ToString(CultureInfo.InvariantCulture), file],
            "~~~ Scanning SSH host keys\n");
    }

    /// <summary>The host and port of an SSH repository URL (<c>ssh://[user@]host[:port]/path</c> or <c>[user@]host:path</c>); null otherwise.</summary>
    internal static (string Host, int Port)? Parse(string repository)
    {
        if (repository.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) || repository.StartsWith("git+ssh://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(repository, UriKind.Absolute, out var uri) && uri.Host.Length > 0
                ? (uri.Host.Trim('[', ']'), uri.Port > 0 ? uri.Port : 22)
                : null;
        }
        var scp = ScpLike().Match(repository);
        return scp.Success ? (scp.Groups[1].Value, 22) : null;
    }

    [GeneratedRegex(@"UserKnownHostsFile=(\S+)")]
    private static partial Regex KnownHostsFile();

    // user@host:path with no scheme; a host of letters, digits, dots and dashes only (never starts with '-').
    [GeneratedRegex(@"^(?:[A-Za-z0-9._-]+@)?([A-Za-z0-9][A-Za-z0-9.-]*):(?!//)")]
    private static partial Regex ScpLike();
}
