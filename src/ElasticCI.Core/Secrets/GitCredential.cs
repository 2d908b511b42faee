namespace ElasticCI.Secrets;

/// <summary>One entry of a <c>git-credentials</c> file (<c>https://user:password@host[/path]</c>, URL-encoded as git's credential store writes it).</summary>
internal sealed record GitCredential(string Protocol, string Host, string Username, string Password)
{
    /// <summary>Every entry of <paramref name="content"/>; blank lines are skipped.</summary>
    /// <exception cref="FormatException">A line is not a URL with a user and password; names the line, never its text.</exception>
    public static IReadOnlyList<GitCredential> ParseFile(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var result = new List<GitCredential>();
        var number = 0;
        foreach (var raw in content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var colon = -1;
            if (!Uri.TryCreate(line, UriKind.Absolute, out var uri) || (colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal)) < 1 || uri.Host.Length == 0)
            {
                throw new FormatException($"line {number} is not a protocol://user:password@host URL");
            }
            var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
            result.Add(new GitCredential(uri.Scheme, host,
                Uri.UnescapeDataString(uri.UserInfo[..colon]), Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..])));
        }
        return result;
    }
}
