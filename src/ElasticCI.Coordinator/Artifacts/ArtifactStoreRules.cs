namespace ElasticCI.Coordinator.Artifacts;

/// <summary>Checks <see cref="ArtifactStoreOptions"/> at start-up; every problem is one line.</summary>
internal static class ArtifactStoreRules
{
    public static void Check(ArtifactStoreOptions options, List<string> failures)
    {
        if (!options.IsS3)
        {
            if (options.Endpoint is not null || options.AccessKeyId is not null || options.SecretAccessKey is not null)
            {
                failures.Add("ArtifactsEndpoint and the Artifacts credentials need Artifacts s3://BUCKET[/PREFIX]; the local artifact store takes none.");
            }
            return;
        }
        if (S3Location.Parse(options.Url!, out var problem) is null)
        {
            failures.Add(problem + ".");
        }
        if (options.Endpoint is { } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0))
        {
            failures.Add($"ArtifactsEndpoint must be an http(s) URL such as http://127.0.0.1:9000, was '{endpoint}'.");
        }
        if (options.Region is { } region && (region.Length == 0 || region.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            failures.Add($"ArtifactsRegion must be a region name such as eu-west-1, was '{region}'.");
        }
        if ((options.AccessKeyId is null) != (options.SecretAccessKey is null))
        {
            failures.Add("ArtifactsAccessKeyId and ArtifactsSecretAccessKey go together: give both or neither.");
        }
    }
}
