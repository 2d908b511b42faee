namespace ElasticCI.Compute.Local;

/// <summary>Fetches a stack's BootstrapScriptUrl / AgentEnvFileUrl into an instance directory: absolute path, file://, http:// or https://.</summary>
internal static class InstanceFiles
{
    /// <summary>Writes the file behind <paramref name="url"/> to <paramref name="destination"/>; throws with a message naming the URL on failure.</summary>
    public static async Task FetchAsync(HttpClient http, string name, string url, string destination, CancellationToken cancellationToken)
    {
        try
        {
            if (Path.IsPathFullyQualified(url))
            {
                File.Copy(url, destination, overwrite: true);
                return;
            }
            var uri = new Uri(url, UriKind.Absolute);
            if (uri.IsFile)
            {
                File.Copy(uri.LocalPath, destination, overwrite: true);
                return;
            }
            if (uri.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"{name} '{url}': scheme {uri.Scheme} is not supported by provider local");
            }
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{name} '{url}': HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            await using var file = File.Create(destination);
            await response.Content.CopyToAsync(file, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException or UriFormatException)
        {
            throw new InvalidOperationException($"{name} '{url}' could not be fetched: {ex.Message}", ex);
        }
    }

    /// <summary>The last <paramref name="maxChars"/> characters of a text file, or "" when it is missing.</summary>
    public static string Tail(string path, int maxChars)
    {
        if (!File.Exists(path))
        {
            return "";
        }
        var text = File.ReadAllText(path).TrimEnd();
        return text.Length <= maxChars ? text : "…" + text[^maxChars..];
    }
}
