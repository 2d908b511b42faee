namespace ElasticCI.Coordinator.Artifacts;

/// <summary>An <c>s3://BUCKET[/PREFIX]</c> address: the bucket and the key prefix artifacts go under.</summary>
internal sealed record S3Location(string Bucket, string Prefix)
{
    /// <summary>The location, or null with <paramref name="problem"/> saying what is wrong with <paramref name="url"/>.</summary>
    public static S3Location? Parse(string url, out string problem)
    {
        problem = "";
        const string Scheme = "s3://";
        if (!url.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var scheme = url.Contains("://", StringComparison.Ordinal) ? url[..url.IndexOf("://", StringComparison.Ordinal)] : "none";
            problem = $"Artifacts must be 'local' or s3://BUCKET[/PREFIX], was '{url}' (scheme '{scheme}' is not supported)";
            return null;
        }
        var rest = url[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length == 0)
        {
            problem = $"Artifacts '{url}' names no bucket; use s3://BUCKET[/PREFIX]";
            return null;
        }
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')
            || !char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
        {
            problem = $"Artifacts bucket '{bucket}' is not a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-')";
            return null;
        }
        if (prefix.Length > 0 && (prefix.Any(char.IsControl) || prefix.Split('/').Any(s => s is "" or "." or "..")))
        {
            problem = $"Artifacts prefix '{prefix}' must be plain key segments (no empty, '.', '..' or control characters)";
            return null;
        }
        return new S3Location(bucket, prefix);
    }

    /// <summary>The object key of the artifact with <paramref name="id"/>.</summary>
    public string KeyOf(string id) => Prefix.Length == 0 ? id : Prefix + "/" + id;
}
