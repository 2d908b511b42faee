using System.Text;
using System.Text.Json;

namespace ElasticCI.Agent.Jobs.Plugins;

/// <summary>One entry of <c>BUILDKITE_PLUGINS</c>: where the plugin comes from, which version, and its configuration.</summary>
/// <param name="Source">The key as the pipeline wrote it, e.g. <c>docker-compose#v5.0.0</c>.</param>
/// <param name="Location">What to clone: a URL, an absolute path, or (vendored) a path relative to the checkout.</param>
/// <param name="Version">The ref after <c>#</c>; null clones the default branch.</param>
/// <param name="Name">Upper-case name used in <c>BUILDKITE_PLUGIN_&lt;NAME&gt;_*</c>.</param>
/// <param name="Configuration">The plugin's configuration as raw JSON (<c>null</c> when none).</param>
/// <param name="Vendored">A relative path: the plugin lives in the repository and is used from the checkout.</param>
internal sealed record PluginReference(string Source, string Location, string? Version, string Name, string Configuration, bool Vendored)
{
    /// <summary>Parses <c>BUILDKITE_PLUGINS</c> (a JSON array of one-key objects, or bare source strings).</summary>
    public static bool TryParseAll(string json, out List<PluginReference> plugins, out string error)
    {
        plugins = [];
        error = "";
        if (string.IsNullOrWhiteSpace(json))
        {
            return true;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                error = "BUILDKITE_PLUGINS must be a JSON array";
                return false;
            }
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.String)
                {
                    plugins.Add(Parse(entry.GetString()!, "null"));
                    continue;
                }
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    error = $"BUILDKITE_PLUGINS entry {entry.GetRawText()} is neither an object nor a string";
                    return false;
                }
                foreach (var property in entry.EnumerateObject())
                {
                    plugins.Add(Parse(property.Name, property.Value.GetRawText()));
                }
            }
            return true;
        }
        catch (JsonException ex)
        {
            error = $"BUILDKITE_PLUGINS is not valid JSON: {ex.Message}";
            return false;
        }
    }

    /// <summary>Expands a source as the pipeline format does (reference §1.8).</summary>
    public static PluginReference Parse(string source, string configuration)
    {
        var hash = source.LastIndexOf('#');
        var path = hash >= 0 ? source[..hash] : source;
        var version = hash >= 0 && hash < source.Length - 1 ? source[(hash + 1)..] : null;
        var vendored = path.StartsWith('.') || path.StartsWith('\\');
        string location;
        if (path.Contains("://", StringComparison.Ordinal) || path.StartsWith('/') || vendored || (path.Contains('@') && path.Contains(':')))
        {
            location = path;
        }
        else
        {
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            location = segments.Length switch
            {
                1 => $"https://github.com/buildkite-plugins/{segments[0]}-buildkite-plugin",
                2 => $"https://github.com/{segments[0]}/{segments[1]}-buildkite-plugin",
                _ => "https://" + path,
            };
        }
        return new PluginReference(source, location, version, NameOf(path), configuration, vendored);
    }

    /// <summary>Directory name of this source and version under the plugins path.</summary>
    public string Id => AgentNames.PathSegment(Location + (Version is null ? "" : "#" + Version));

    /// <summary>The variables this plugin's hooks see: name, raw configuration and the flattened keys.</summary>
    public Dictionary<string, string> Environment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BUILDKITE_PLUGIN_NAME"] = Name,
            ["BUILDKITE_PLUGIN_CONFIGURATION"] = Configuration,
        };
        using var document = JsonDocument.Parse(Configuration);
        Flatten($"BUILDKITE_PLUGIN_{Name}", document.RootElement, variables, top: true);
        return variables;
    }

    private static void Flatten(string prefix, JsonElement value, Dictionary<string, string> variables, bool top)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    Flatten(prefix + "_" + Normalise(property.Name), property.Value, variables, top: false);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Flatten(prefix + "_" + index++, item, variables, top: false);
                }
                break;
            case JsonValueKind.String:
                variables[prefix] = value.GetString()!;
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                if (!top)
                {
                    variables[prefix] = "";
                }
                break;
            default:
                // Numbers keep their JSON spelling; true/false stay lower-case as plugins expect.
                variables[prefix] = value.GetRawText();
                break;
        }
    }

    private static string NameOf(string path)
    {
        var last = path.TrimEnd('/', '\\').Split('/', '\\', ':').Last();
        if (last.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            last = last[..^4];
        }
        if (last.EndsWith("-buildkite-plugin", StringComparison.OrdinalIgnoreCase))
        {
            last = last[..^"-buildkite-plugin".Length];
        }
        return Normalise(last);
    }

    /// <summary>Upper case, and every character that is not a letter or digit becomes <c>_</c>.</summary>
    internal static string Normalise(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }
        return builder.ToString();
    }
}
