namespace ElasticCI.Agent.Jobs.Plugins;

/// <summary>
/// The agent's plugin mirror (<c>--plugin-mirror</c>, the stack's <c>PluginMirror</c>): where an air-gapped agent fetches
/// plugins from instead of their public repositories, unchanged.
/// </summary>
/// <remarks>
/// The setting is a <c>;</c>-separated list, applied in order to every remote plugin location (absolute paths and
/// vendored plugins are never rewritten):
/// <list type="bullet">
/// <item><c>FROM=TO</c>: a prefix rewrite; a location that starts with FROM has it replaced by TO
/// (e.g. <c>https://github.com/buildkite-plugins/=file:///srv/plugins/</c>).</item>
/// <item>a bare directory or URL: the catch-all mirror. A location <c>https://HOST/PATH[.git]</c>,
/// <c>ssh://[user@]HOST/PATH</c> or <c>user@HOST:PATH</c> becomes <c>BASE/HOST/PATH</c> (without <c>.git</c>; for a
/// directory, <c>BASE/HOST/PATH.git</c> is used when only that exists). So <c>docker#v5.12.0</c> is fetched from
/// <c>BASE/github.com/buildkite-plugins/docker-buildkite-plugin</c>.</item>
/// </list>
/// The first matching entry wins. A location no entry matches is used as written when the list has only rewrites; with
/// a catch-all every remote plugin comes from the mirror, and a directory mirror without the plugin fails the job at once.
/// </remarks>
internal sealed class PluginMirror
{
    private readonly List<(string From, string To)> _rewrites;
    private readonly string? _base;

    private PluginMirror(List<(string From, string To)> rewrites, string? mirrorBase)
    {
        _rewrites = rewrites;
        _base = mirrorBase;
    }

    /// <summary>Parses the setting; null and an error when it is malformed (the agent then refuses to start).</summary>
    public static PluginMirror? Parse(string? value, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var rewrites = new List<(string, string)>();
        string? mirrorBase = null;
        foreach (var raw in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = raw.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                var from = raw[..equals].Trim();
                var to = raw[(equals + 1)..].Trim();
                if (from.Length == 0 || to.Length == 0)
                {
                    error = $"plugin mirror entry '{raw}' must be FROM=TO with both sides set";
                    return null;
                }
                rewrites.Add((from, to));
            }
            else if (mirrorBase is not null)
            {
                error = $"plugin mirror has two catch-all entries ('{mirrorBase}' and '{raw}'); use FROM=TO for the others";
                return null;
            }
            else if (!raw.Contains("://", StringComparison.Ordinal) && !Path.IsPathFullyQualified(raw))
            {
                error = $"plugin mirror '{raw}' is neither an absolute directory nor a URL";
                return null;
            }
            else
            {
                mirrorBase = raw.TrimEnd('/');
            }
        }
        return new PluginMirror(rewrites, mirrorBase);
    }

    /// <summary>Where to fetch <paramref name="location"/> from: the mirrored location, or why the mirror cannot serve it.</summary>
    public MirroredLocation Resolve(string location)
    {
        if (!IsRemote(location))
        {
            return new MirroredLocation(location, Mirrored: false, Missing: null);
        }
        foreach (var (from, to) in _rewrites)
        {
            if (location.StartsWith(from, StringComparison.Ordinal))
            {
                return new MirroredLocation(to + location[from.Length..], Mirrored: true, Missing: null);
            }
        }
        if (_base is null)
        {
            return new MirroredLocation(location, Mirrored: false, Missing: null);
        }
        var hostPath = HostPath(location);
        if (_base.Contains("://", StringComparison.Ordinal))
        {
            return new MirroredLocation(_base + "/" + hostPath, Mirrored: true, Missing: null);
        }
        var directory = Path.Combine(_base, hostPath);
        if (Directory.Exists(directory))
        {
            return new MirroredLocation(directory, Mirrored: true, Missing: null);
        }
        if (Directory.Exists(directory + ".git"))
        {
            return new MirroredLocation(directory + ".git", Mirrored: true, Missing: null);
        }
        return new MirroredLocation(directory, Mirrored: true, Missing: $"{directory} does not exist");
    }

    private static bool IsRemote(string location)
        => location.Contains("://", StringComparison.Ordinal) || (location.Contains('@', StringComparison.Ordinal) && location.Contains(':', StringComparison.Ordinal) && !location.StartsWith('/'));

    /// <summary><c>HOST/PATH</c> of a git URL, without credentials, port, trailing slash or <c>.git</c>.</summary>
    internal static string HostPath(string location)
    {
        string rest;
        var scheme = location.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            rest = location[(scheme + 3)..];
            var at = rest.IndexOf('@', StringComparison.Ordinal);
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (at >= 0 && (slash < 0 || at < slash))
            {
                rest = rest[(at + 1)..];
            }
            slash = rest.IndexOf('/', StringComparison.Ordinal);
            var host = slash >= 0 ? rest[..slash] : rest;
            var colon = host.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                host = host[..colon];
            }
            rest = host + (slash >= 0 ? rest[slash..] : "");
        }
        else
        {
            // scp-like user@host:path
            rest = location[(location.IndexOf('@', StringComparison.Ordinal) + 1)..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            rest = rest[..colon] + "/" + rest[(colon + 1)..].TrimStart('/');
        }
        rest = rest.TrimEnd('/');
        if (rest.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[..^4];
        }
        // Never let a crafted URL climb out of the mirror directory.
        return string.Join('/', rest.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s is not "." and not ".."));
    }
}
