using ElasticCI.Secrets;
using System.Text.RegularExpressions;

namespace ElasticCI.Stacks;

/// <summary>Checks of the secrets-bucket parameters; each problem is added, none stops the others.</summary>
internal static partial class StackSecretsRules
{
    public static void Check(StackDefinition stack, string where, List<string> errors)
    {
        _ = SecretsPrefixGrants.Parse(stack.SecretsPrefixGrants, where, errors);
        if (stack.SecretsBucket is null)
        {
            foreach (var (set, name) in new[]
            {
                (stack.SecretsBucketRegion is not null, "SecretsBucketRegion"),
                (stack.SecretsBucketEndpoint is not null, "SecretsBucketEndpoint"),
                (stack.SecretsBucketEncryption, "SecretsBucketEncryption"),
                (stack.SecretsClientSideEncryption, "SecretsClientSideEncryption"),
            })
            {
                if (set)
                {
                    errors.Add($"{where}: {name} needs SecretsBucket (without it the local encrypted store is used)");
                }
            }
            return;
        }
        if (!BucketPattern().IsMatch(stack.SecretsBucket) || stack.SecretsBucket.Contains("..", StringComparison.Ordinal))
        {
            errors.Add($"{where}: SecretsBucket '{stack.SecretsBucket}' is not a valid bucket name (3-63 lower-case letters, digits, dots and dashes)");
        }
        if (stack.SecretsBucketRegion is { } region && !RegionPattern().IsMatch(region))
        {
            errors.Add($"{where}: SecretsBucketRegion '{region}' is not a region name (e.g. us-east-1)");
        }
        if (stack.SecretsBucketEndpoint is { } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0))
        {
            errors.Add($"{where}: SecretsBucketEndpoint '{endpoint}' must be an http or https URL");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();
}
