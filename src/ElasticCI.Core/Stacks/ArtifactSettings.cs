namespace ElasticCI.Stacks;

/// <summary>The artifact-store keys of <c>elastic-ci.yml</c> (top level), each null when the file does not set it.</summary>
/// <param name="Url"><c>Artifacts</c>: <c>local</c> or <c>s3://BUCKET[/PREFIX]</c>.</param>
/// <param name="Endpoint"><c>ArtifactsEndpoint</c>: an S3-compatible server's URL.</param>
/// <param name="Region"><c>ArtifactsRegion</c>.</param>
/// <param name="PathStyle"><c>ArtifactsPathStyle</c>.</param>
/// <param name="AccessKeyId"><c>ArtifactsAccessKeyId</c>.</param>
/// <param name="SecretAccessKey"><c>ArtifactsSecretAccessKey</c>.</param>
internal sealed record ArtifactSettings(string? Url, string? Endpoint, string? Region, bool? PathStyle, string? AccessKeyId, string? SecretAccessKey)
{
    public static readonly ArtifactSettings None = new(null, null, null, null, null, null);

    /// <summary>The top-level key names, as written in the file (matched case-insensitively).</summary>
    public static readonly IReadOnlyList<string> Keys =
        ["Artifacts", "ArtifactsEndpoint", "ArtifactsRegion", "ArtifactsPathStyle", "ArtifactsAccessKeyId", "ArtifactsSecretAccessKey"];

    /// <summary>This with <paramref name="key"/> set from <paramref name="value"/>, or null with <paramref name="problem"/>.</summary>
    public ArtifactSettings? With(string key, string? value, out string problem)
    {
        problem = "";
        if (value is null)
        {
            problem = $"{key} must be a single value";
            return null;
        }
        switch (key.ToLowerInvariant())
        {
            case "artifacts":
                return this with { Url = value };
            case "artifactsendpoint":
                return this with { Endpoint = value };
            case "artifactsregion":
                return this with { Region = value };
            case "artifactsaccesskeyid":
                return this with { AccessKeyId = value };
            case "artifactssecretaccesskey":
                return this with { SecretAccessKey = value };
            case "artifactspathstyle" when bool.TryParse(value, out var pathStyle):
                return this with { PathStyle = pathStyle };
            case "artifactspathstyle":
                problem = $"ArtifactsPathStyle must be true or false, got '{value}'";
                return null;
            default:
                problem = $"unknown artifact key '{key}'";
                return null;
        }
    }
}
